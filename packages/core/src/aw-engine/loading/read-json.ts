import { DuckDBListType, DuckDBStructType, type DuckDBType } from "@duckdb/node-api";
import { ident, literal, type Workspace } from "../workspace.ts";
import type { TColumnChanges } from "./column-changes.ts";
import { flattenFeatureCollection } from "./geojson.ts";
import { rejectNonTabularDocument, rejectNumberMatrix, type TJsonDocument } from "./not-a-table.ts";
import { ReadIssue, type TSource } from "./read-table.ts";
import type { TJsonArray, TLoadParams } from "./types.ts";

/** Depth to which record arrays are looked for inside nested objects (`data.items`). */
const MAX_ARRAY_DEPTH = 3;
const ROOT = "aw_json_root";

function jsonArgs(source: TSource, p: TLoadParams, format: string): string {
  const args = [literal(source.path), `format=${literal(format)}`];
  if (source.compression === "gzip") args.push("compression='gzip'");
  if (p.maximumObjectSize) args.push(`maximum_object_size=${p.maximumObjectSize}`);
  if (p.sampleSize) args.push(`sample_size=${p.sampleSize}`);
  return args.join(", ");
}

async function typedColumns(ws: Workspace, relation: string): Promise<{ name: string; type: DuckDBType }[]> {
  const reader = await ws.connection.runAndReadAll(`SELECT * FROM ${relation} LIMIT 0`);
  const names = reader.columnNames();
  return reader.columnTypes().map((type, i) => ({ name: names[i] as string, type }));
}

/** Every array field of the document, by dotted path, looking inside nested objects. */
function arrayFields(fields: { name: string; type: DuckDBType }[], prefix = "", depth = 1): { path: string; type: DuckDBListType }[] {
  return fields.flatMap(({ name, type }) => {
    const path = prefix + name;
    if (type instanceof DuckDBListType) return [{ path, type }];
    if (type instanceof DuckDBStructType && depth < MAX_ARRAY_DEPTH) {
      return arrayFields(
        type.entryNames.map((n, i) => ({ name: n, type: type.entryTypes[i] as DuckDBType })),
        `${path}.`,
        depth + 1,
      );
    }
    return [];
  });
}

const pathExpr = (path: string) => ["r", ...path.split(".").map(ident)].join(".");

/** The document's record arrays (arrays of objects; any arrays when it has none) with their lengths, longest first. */
async function recordArrays(ws: Workspace, fields: { name: string; type: DuckDBType }[]): Promise<TJsonArray[]> {
  const arrays = arrayFields(fields);
  const records = arrays.filter((a) => a.type.valueType instanceof DuckDBStructType);
  const candidates = records.length ? records : arrays;
  if (!candidates.length) return [];
  const [lengths] = await ws.rowsJS(`SELECT ${candidates.map((a, i) => `len(${pathExpr(a.path)}) AS l${i}`).join(", ")} FROM ${ROOT} r`);
  return candidates.map((a, i) => ({ path: a.path, rows: Number(lengths?.[`l${i}`] ?? 0) })).toSorted((a, b) => b.rows - a.rows);
}

/** Loads the array at `path` of the one-row document table as rows; objects' fields become columns. */
async function unnestArray(ws: Workspace, table: string, path: string, topLevel: string[]): Promise<void> {
  const expr = pathExpr(path);
  let type: string;
  try {
    const [t] = await ws.rowsJS(`SELECT typeof(${expr}) AS t FROM ${ROOT} r LIMIT 1`);
    type = String(t?.t);
  } catch {
    throw new ReadIssue(`jsonPath "${path}" not found; top-level keys: ${topLevel.join(", ")}`);
  }
  if (!type.endsWith("[]")) throw new ReadIssue(`jsonPath "${path}" is not an array (it is ${type})`);
  const select = type.startsWith("STRUCT") ? `unnest(${expr}, max_depth := 2)` : `unnest(${expr}) AS value`;
  await ws.run(`CREATE OR REPLACE TABLE ${ident(table)} AS SELECT ${select} FROM ${ROOT} r`);
}

async function scalarValues(ws: Workspace, fields: { name: string; type: DuckDBType }[]): Promise<Record<string, unknown>> {
  const scalars = fields.filter((f) => !(f.type instanceof DuckDBListType) && !(f.type instanceof DuckDBStructType));
  if (!scalars.length) return {};
  const [row] = await ws.rowsJS(`SELECT ${scalars.map((f) => ident(f.name)).join(", ")} FROM ${ROOT}`);
  return row ?? {};
}

function notLoadedWarning(loaded: string, arrays: TJsonArray[]): string[] {
  const others = arrays.filter((a) => a.path !== loaded);
  if (!others.length) return [];
  const list = others.map((a) => `"${a.path}" (${a.rows} rows)`).join(", ");
  return [
    `the document holds ${arrays.length} record arrays; loaded "${loaded}", not loaded: ${list}. Choose another with the loading option jsonPath, e.g. jsonPath: "${others[0]?.path}"`,
  ];
}

/** What reading a JSON document did beyond reading: warnings, and the columns a GeoJSON flattening added. */
export type TJsonRead = { warnings: string[]; changes?: TColumnChanges };

/**
 * Reads a JSON object document: `params.jsonPath` names the record array to load, else a GeoJSON
 * FeatureCollection is flattened, else the longest record array is loaded. Every record array
 * found is recorded in `params.jsonArrays`; TopoJSON and number grids are refused as not tables.
 */
async function readDocument(ws: Workspace, table: string, source: TSource, params: TLoadParams): Promise<TJsonRead> {
  await ws.run(`CREATE OR REPLACE TEMP TABLE ${ROOT} AS SELECT * FROM read_json(${jsonArgs(source, params, "auto")})`);
  try {
    const fields = await typedColumns(ws, ROOT);
    const [count] = await ws.rowsJS(`SELECT count(*) AS n FROM ${ROOT}`);
    if (Number(count?.n) !== 1) {
      await ws.run(`CREATE OR REPLACE TABLE ${ident(table)} AS SELECT * FROM ${ROOT}`);
      return { warnings: [] };
    }
    const doc: TJsonDocument = { fields: new Map(fields.map((f) => [f.name, f.type])), scalars: await scalarValues(ws, fields) };
    const arrays = await recordArrays(ws, fields);
    params.jsonArrays = arrays;
    if (params.jsonPath) {
      await unnestArray(
        ws,
        table,
        params.jsonPath,
        fields.map((f) => f.name),
      );
      return { warnings: [] };
    }
    const arcs = doc.fields.has("arcs") ? Number((await ws.rowsJS(`SELECT len(arcs) AS n FROM ${ROOT}`))[0]?.n ?? 0) : 0;
    rejectNonTabularDocument(doc, arcs);
    if (doc.scalars.type === "FeatureCollection" && doc.fields.get("features") instanceof DuckDBListType) {
      params.jsonPath = "features";
      params.jsonPathReason = "GeoJSON FeatureCollection: one row per feature";
      return { warnings: [], changes: await flattenFeatureCollection(ws, table, ROOT) };
    }
    const [longest] = arrays;
    if (!longest) {
      await ws.run(`CREATE OR REPLACE TABLE ${ident(table)} AS SELECT * FROM ${ROOT}`);
      return { warnings: [] };
    }
    params.jsonPath = longest.path;
    params.jsonPathReason = `largest array: ${arrays.map((a) => `${a.path} (${a.rows})`).join(", ")}`;
    await unnestArray(
      ws,
      table,
      longest.path,
      fields.map((f) => f.name),
    );
    return { warnings: notLoadedWarning(longest.path, arrays) };
  } finally {
    await ws.run(`DROP TABLE IF EXISTS ${ROOT}`);
  }
}

/** Reads JSON records: NDJSON, an array of records, or an object document (see `readDocument`). */
export async function readJson(
  ws: Workspace,
  table: string,
  source: TSource,
  params: TLoadParams,
  startsWithObject: boolean,
): Promise<TJsonRead> {
  if (params.format === "jsonl") {
    await ws.run(`CREATE OR REPLACE TABLE ${ident(table)} AS SELECT * FROM read_json(${jsonArgs(source, params, "newline_delimited")})`);
    return { warnings: [] };
  }
  if (startsWithObject || params.jsonPath) return readDocument(ws, table, source, params);
  await ws.run(`CREATE OR REPLACE TABLE ${ident(table)} AS SELECT * FROM read_json(${jsonArgs(source, params, "array")})`);
  const [count] = await ws.rowsJS(`SELECT count(*) AS n FROM ${ident(table)}`);
  rejectNumberMatrix(await typedColumns(ws, ident(table)), Number(count?.n));
  return { warnings: [] };
}
