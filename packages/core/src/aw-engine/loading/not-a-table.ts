import { DuckDBListType, DuckDBStructType, type DuckDBType } from "@duckdb/node-api";
import { ReadIssue } from "./read-table.ts";

/** The content is valid but holds no records (a topology, a grid): retrying cannot make it a table. */
export class NotATable extends ReadIssue {
  override name = "NotATable";
  constructor(what: string) {
    super(`not a table: ${what}`);
  }
}

/** A JSON document's top-level fields as DuckDB typed them, with the values of its scalar fields. */
export type TJsonDocument = { fields: Map<string, DuckDBType>; scalars: Record<string, unknown> };

const NUMERIC = new Set(["TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UBIGINT", "FLOAT", "DOUBLE"]);

/** True for a list of numbers, or of lists of numbers at any depth. */
export function isNumberList(type: DuckDBType | undefined): boolean {
  if (!(type instanceof DuckDBListType)) return false;
  const inner = type.valueType;
  return inner instanceof DuckDBListType ? isNumberList(inner) : NUMERIC.has(inner.toString()) || inner.toString().startsWith("DECIMAL");
}

/** Refuses TopoJSON (arcs and objects, not records) and `{width, height, values}` grids. */
export function rejectNonTabularDocument(doc: TJsonDocument, arcs: number): void {
  if (doc.scalars.type === "Topology" && doc.fields.has("arcs")) {
    const objects = doc.fields.get("objects");
    const names = objects instanceof DuckDBStructType ? objects.entryNames.join(", ") : "none";
    throw new NotATable(
      `TopoJSON topology (objects: ${names}; ${arcs} arcs): convert its objects to GeoJSON features first, e.g. with topojson-client's feature()`,
    );
  }
  const { width, height } = doc.scalars;
  const grid = [...doc.fields].find(([, type]) => isNumberList(type));
  const isCount = (v: unknown) => typeof v === "number" || typeof v === "bigint";
  if (isCount(width) && isCount(height) && grid) {
    throw new NotATable(`a grid of ${String(width)}×${String(height)} numbers in "${grid[0]}", not records; it has no columns to load`);
  }
}

/** Refuses an array of arrays of numbers (a matrix), which a JSON array read types as one list column. */
export function rejectNumberMatrix(columns: { name: string; type: DuckDBType }[], rows: number): void {
  const [only] = columns;
  if (columns.length === 1 && only?.name === "json" && isNumberList(only.type)) {
    throw new NotATable(`a grid of numbers (${rows} arrays of numbers, no named fields); it has no columns to load`);
  }
}
