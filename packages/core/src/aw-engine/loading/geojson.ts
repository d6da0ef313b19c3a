import { DuckDBStructType } from "@duckdb/node-api";
import { ident, type Workspace } from "../workspace.ts";
import { noColumnChanges, type TColumnChanges } from "./column-changes.ts";

/** A coordinate's number in a JSON text; the innermost arrays of any geometry start `[x, y`. */
const NUMBER = String.raw`-?[0-9.eE+-]+`;
const coordinateMean = (geometry: string, group: "x" | "y") => {
  const pattern = group === "x" ? String.raw`\[\s*(${NUMBER})\s*,` : String.raw`\[\s*${NUMBER}\s*,\s*(${NUMBER})`;
  return `list_avg(list_transform(regexp_extract_all((${geometry} -> '$.coordinates')::VARCHAR, '${pattern}', 1), lambda c: c::DOUBLE))`;
};

/**
 * Flattens a GeoJSON FeatureCollection held in `root.features` to one row per feature: the
 * feature's `id`, its `properties` as columns, and `longitude`/`latitude`. For Points those are
 * the point; for other geometries the mean of their vertices, with a `geometry_type` column
 * saying which features are not points.
 */
export async function flattenFeatureCollection(ws: Workspace, table: string, root: string): Promise<TColumnChanges> {
  const changes = noColumnChanges();
  const features = "aw_geojson_features";
  await ws.run(`CREATE OR REPLACE TEMP TABLE ${features} AS SELECT unnest(features) AS f FROM ${root}`);
  try {
    const reader = await ws.connection.runAndReadAll(`SELECT f FROM ${features} LIMIT 0`);
    const feature = reader.columnTypes()[0];
    const keys = feature instanceof DuckDBStructType ? feature.entryNames : [];
    const properties = feature instanceof DuckDBStructType ? feature.entryTypes[keys.indexOf("properties")] : undefined;
    const propertyNames = properties instanceof DuckDBStructType ? properties.entryNames : [];
    const taken = new Set(propertyNames.map((n) => n.toLowerCase()));
    const free = (name: string) => (taken.has(name) ? `geometry_${name}` : name);
    const geometry = "f.geometry::JSON";
    const kinds = await ws.rowsJS(
      `SELECT ${geometry} ->> '$.type' AS kind, count(*) AS n FROM ${features} WHERE f.geometry IS NOT NULL GROUP BY ALL ORDER BY n DESC`,
    );
    const nonPoints = kinds.filter((k) => k.kind !== "Point");
    const select: string[] = [];
    if (keys.includes("id") && !taken.has("id")) select.push("f.id AS id");
    if (propertyNames.length) select.push("unnest(f.properties)");
    else if (properties) select.push("f.properties AS properties");
    const [lon, lat] = [free("longitude"), free("latitude")];
    select.push(`${coordinateMean(geometry, "x")} AS ${ident(lon)}`, `${coordinateMean(geometry, "y")} AS ${ident(lat)}`);
    const how = nonPoints.length ? "of Point geometries; the mean of the vertices for other geometries" : "of the Point geometry";
    changes.added.push({ column: lon, reason: `x ${how}` }, { column: lat, reason: `y ${how}` });
    if (nonPoints.length) {
      const kind = free("geometry_type");
      select.push(`${geometry} ->> '$.type' AS ${ident(kind)}`);
      changes.added.push({ column: kind, reason: "the GeoJSON geometry type of each feature" });
      const tally = nonPoints.map((k) => `${String(k.kind)} ${Number(k.n)}`).join(", ");
      changes.warnings.push(
        `features that are not Points (${tally}): ${lon}/${lat} hold the mean of their vertices, ${kind} names the geometry`,
      );
    }
    await ws.run(`CREATE OR REPLACE TABLE ${ident(table)} AS SELECT ${select.join(", ")} FROM ${features}`);
  } finally {
    await ws.run(`DROP TABLE IF EXISTS ${features}`);
  }
  return changes;
}
