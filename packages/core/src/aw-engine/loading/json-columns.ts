import { DuckDBListType, DuckDBStructType, type DuckDBType } from "@duckdb/node-api";
import { tableColumns } from "../sample.ts";
import { ident, type Workspace } from "../workspace.ts";
import { noColumnChanges, type TColumnChanges } from "./column-changes.ts";

const isJson = (type: DuckDBType) => type.alias === "JSON";

const holdsJson = (type: DuckDBType): boolean =>
  isJson(type) ||
  (type instanceof DuckDBListType && holdsJson(type.valueType)) ||
  (type instanceof DuckDBStructType && type.entryTypes.some(holdsJson));

/** An expression that turns every JSON value inside `expr` into its plain text: strings unquoted, numbers as written. */
function plainText(expr: string, type: DuckDBType, depth = 0): string {
  if (isJson(type)) return `(${expr}) ->> '$'`;
  if (type instanceof DuckDBListType)
    return `list_transform(${expr}, lambda v${depth}: ${plainText(`v${depth}`, type.valueType, depth + 1)})`;
  if (!(type instanceof DuckDBStructType)) return expr;
  const fields = type.entryNames.map(
    (name, i) => `${ident(name)} := ${plainText(`(${expr}).${ident(name)}`, type.entryTypes[i] as DuckDBType, depth)}`,
  );
  return `CASE WHEN ${expr} IS NULL THEN NULL ELSE struct_pack(${fields.join(", ")}) END`;
}

/** json_type() names in words, in the order a reason lists them. */
const KIND_WORDS: [string, string][] = [
  ["VARCHAR", "text"],
  ["BIGINT", "numbers"],
  ["UBIGINT", "numbers"],
  ["DOUBLE", "numbers"],
  ["BOOLEAN", "booleans"],
  ["OBJECT", "objects"],
  ["ARRAY", "arrays"],
];

/** Why DuckDB fell back to JSON for a column: the kinds of values it mixes, e.g. "mixed text and numbers". */
async function mixReason(ws: Workspace, table: string, column: string, type: DuckDBType): Promise<string> {
  if (!isJson(type)) return "mixed kinds of JSON values inside nested fields";
  const [row] = await ws.rowsJS(`SELECT list(DISTINCT json_type(${ident(column)})) AS kinds FROM ${ident(table)}`);
  const kinds = new Set((row?.kinds as string[] | null) ?? []);
  const words = [...new Set(KIND_WORDS.filter(([kind]) => kinds.has(kind)).map(([, word]) => word))];
  return words.length > 1 ? `mixed ${words.slice(0, -1).join(", ")} and ${words.at(-1)}` : `JSON ${words[0] ?? "values"}`;
}

/**
 * Rewrites the columns a JSON read typed as DuckDB's JSON (a field holding text in some records
 * and numbers in others) as plain VARCHAR, so values read `The Land Girls`, not `"The Land Girls"`;
 * lists and structs keep their shape with such fields rewritten inside them.
 */
export async function plainJsonColumns(ws: Workspace, table: string): Promise<TColumnChanges> {
  const changes = noColumnChanges();
  const reader = await ws.connection.runAndReadAll(`SELECT * FROM ${ident(table)} LIMIT 0`);
  const names = reader.columnNames();
  const mixed = reader.columnTypes().flatMap((type, i) => (holdsJson(type) ? [{ name: names[i] as string, type }] : []));
  if (!mixed.length) return changes;
  const before = new Map((await tableColumns(ws, table)).map((c) => [c.name, c.type]));
  const reasons: string[] = [];
  for (const c of mixed) reasons.push(await mixReason(ws, table, c.name, c.type));
  const replace = mixed.map((c) => `${plainText(ident(c.name), c.type)} AS ${ident(c.name)}`).join(", ");
  await ws.run(`CREATE OR REPLACE TABLE ${ident(table)} AS SELECT * REPLACE (${replace}) FROM ${ident(table)}`);
  const after = new Map((await tableColumns(ws, table)).map((c) => [c.name, c.type]));
  for (const [i, { name }] of mixed.entries()) {
    const reason = reasons[i] as string;
    changes.cast.push({ column: name, from: before.get(name) ?? "JSON", to: after.get(name) ?? "VARCHAR", reason, failed: 0 });
    changes.warnings.push(`column "${name}" holds ${reason}: read as ${after.get(name)} text`);
  }
  return changes;
}
