import { tableColumns } from "../sample.ts";
import { ident, literal, type Workspace } from "../workspace.ts";
import type { TColumnInfo, TLoadParams } from "./types.ts";

/** A readable file as DuckDB will see it (possibly a transcoded or converted temp copy). */
export type TSource = { path: string; compression: "none" | "gzip" };

/** A failure the agent detected itself (e.g. a load that "succeeded" into one column). */
export class ReadIssue extends Error {
  override name = "ReadIssue";
}

const sqlValue = (v: string | number | boolean) => (typeof v === "string" ? literal(v) : String(v));

function csvArgs(source: TSource, p: TLoadParams, extra: Record<string, string | number | boolean> = {}): string {
  const args: Record<string, string | number | boolean | undefined> = {
    delim: p.delimiter,
    header: p.header,
    quote: p.quote,
    escape: p.escape,
    skip: p.skipRows,
    decimal_separator: p.decimalSeparator,
    strict_mode: p.strictMode,
    null_padding: p.nullPadding,
    ignore_errors: p.ignoreErrors,
    sample_size: p.sampleSize,
    all_varchar: p.allVarchar,
    compression: source.compression === "gzip" ? "gzip" : undefined,
    ...extra,
  };
  const list = Object.entries(args)
    .filter((e): e is [string, string | number | boolean] => e[1] !== undefined)
    .map(([k, v]) => `${k}=${sqlValue(v)}`);
  return [literal(source.path), ...list].join(", ");
}

async function rejectCounts(ws: Workspace, rejects: string): Promise<Map<string, number>> {
  const rows = await ws.rowsJS(`SELECT error_type, count(DISTINCT line) AS n FROM ${ident(rejects)} GROUP BY ALL`);
  return new Map(rows.map((r) => [String(r.error_type), Number(r.n)]));
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** The names DuckDB gives the columns of a file without a header: column0, column1 … (column00 … from 11 columns). */
const isHeaderless = (columns: TColumnInfo[]) => columns.every((c, i) => c.name === `column${String(i).padStart(String(columns.length - 1).length, "0")}`);

/**
 * Reads delimited text; with `diagnose`, warns about padded or skipped rows. DuckDB's sniffer
 * decides a header left open, which is then pinned in `params`, so the reported params are the
 * ones used. Returns the table's columns when it had to look at them for that.
 */
export async function readCsv(ws: Workspace, table: string, source: TSource, params: TLoadParams, attempt: number, diagnose: boolean): Promise<{ warnings: string[]; columns?: TColumnInfo[] }> {
  const warnings: string[] = [];
  const diagnosePadding = params.nullPadding && diagnose;
  // The read itself sniffs the header (one DuckDB pass fewer), unless a pass before it needs the
  // header pinned, or ignore_errors would let the sniffer see only the rows it can parse.
  const headerFromRead = params.header === undefined && !params.ignoreErrors && !diagnosePadding;
  const sniffHeader = async () => {
    const [sniff] = await ws.rowsJS(`SELECT HasHeader FROM sniff_csv(${csvArgs(source, { ...params, ignoreErrors: undefined })})`);
    return Boolean(sniff?.HasHeader);
  };
  if (params.header === undefined && !headerFromRead) params.header = await sniffHeader();
  if (diagnosePadding) {
    // Count short and long rows with a strict pass, so the report says exactly what padding did.
    const diag = `aw_diag_${attempt}`;
    await ws.run(`SELECT count(*) FROM read_csv(${csvArgs(source, { ...params, nullPadding: false }, { ignore_errors: true, store_rejects: true, rejects_table: diag, rejects_scan: `${diag}_scan` })})`);
    const counts = await rejectCounts(ws, diag);
    const short = counts.get("MISSING COLUMNS") ?? 0;
    const long = counts.get("TOO MANY COLUMNS") ?? 0;
    if (short) warnings.push(`padded ${plural(short, "short row")} with NULLs`);
    if (long) warnings.push(`${plural(long, "row")} had more fields than the header; their extra values are in added columns`);
  }
  const rejects = `aw_rejects_${attempt}`;
  const store: Record<string, string | boolean> = params.ignoreErrors ? { store_rejects: true, rejects_table: rejects, rejects_scan: `${rejects}_scan` } : {};
  await ws.run(`CREATE OR REPLACE TABLE ${ident(table)} AS SELECT * FROM read_csv(${csvArgs(source, params, store)})`);
  if (params.ignoreErrors) {
    const skipped = [...(await rejectCounts(ws, rejects)).values()].reduce((a, b) => a + b, 0);
    if (skipped) warnings.push(`skipped ${plural(skipped, "row")} that could not be parsed`);
  }
  if (!headerFromRead) return { warnings };
  const columns = await tableColumns(ws, table);
  // Generated names mean no header, unless the header itself spells them: the sniffer tells.
  params.header = isHeaderless(columns) ? await sniffHeader() : true;
  return { warnings, columns };
}

export async function readParquet(ws: Workspace, table: string, source: TSource): Promise<string[]> {
  await ws.run(`CREATE OR REPLACE TABLE ${ident(table)} AS SELECT * FROM read_parquet(${literal(source.path)})`);
  return [];
}

function jsonArgs(source: TSource, p: TLoadParams, format: string): string {
  const args = [literal(source.path), `format=${literal(format)}`];
  if (source.compression === "gzip") args.push("compression='gzip'");
  if (p.maximumObjectSize) args.push(`maximum_object_size=${p.maximumObjectSize}`);
  if (p.sampleSize) args.push(`sample_size=${p.sampleSize}`);
  return args.join(", ");
}

const isList = (type: string) => type.endsWith("[]");

/**
 * Reads JSON records: NDJSON, an array of records, or an object holding record arrays
 * (`params.jsonPath`, else the largest array, recorded in the params with the reason).
 */
export async function readJson(ws: Workspace, table: string, source: TSource, params: TLoadParams, startsWithObject: boolean): Promise<string[]> {
  if (params.format === "jsonl") {
    await ws.run(`CREATE OR REPLACE TABLE ${ident(table)} AS SELECT * FROM read_json(${jsonArgs(source, params, "newline_delimited")})`);
    return [];
  }
  if (!startsWithObject && !params.jsonPath) {
    await ws.run(`CREATE OR REPLACE TABLE ${ident(table)} AS SELECT * FROM read_json(${jsonArgs(source, params, "array")})`);
    return [];
  }
  const root = "aw_json_root";
  await ws.run(`CREATE OR REPLACE TEMP TABLE ${root} AS SELECT * FROM read_json(${jsonArgs(source, params, "auto")})`);
  try {
    const columns = (await ws.rowsJS(`DESCRIBE ${root}`)).map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
    const [count] = await ws.rowsJS(`SELECT count(*) AS n FROM ${root}`);
    let path = params.jsonPath;
    if (!path) {
      const lists = columns.filter((c) => isList(c.type));
      if (Number(count?.n) !== 1 || lists.length === 0) {
        await ws.run(`CREATE OR REPLACE TABLE ${ident(table)} AS SELECT * FROM ${root}`);
        return [];
      }
      const [lengths] = await ws.rowsJS(`SELECT ${lists.map((c, i) => `len(${ident(c.name)}) AS l${i}`).join(", ")} FROM ${root}`);
      const sized = lists.map((c, i) => ({ name: c.name, n: Number(lengths?.[`l${i}`] ?? 0) })).toSorted((a, b) => b.n - a.n);
      const [largest] = sized;
      if (!largest) throw new ReadIssue("the JSON object holds no arrays of records");
      path = largest.name;
      params.jsonPath = path;
      params.jsonPathReason = `largest array: ${sized.map((s) => `${s.name} (${s.n})`).join(", ")}`;
    }
    const expr = ["r", ...path.split(".").map(ident)].join(".");
    let type: string;
    try {
      const [t] = await ws.rowsJS(`SELECT typeof(${expr}) AS t FROM ${root} r LIMIT 1`);
      type = String(t?.t);
    } catch {
      throw new ReadIssue(`jsonPath "${path}" not found; top-level keys: ${columns.map((c) => c.name).join(", ")}`);
    }
    if (!isList(type)) throw new ReadIssue(`jsonPath "${path}" is not an array (it is ${type})`);
    const select = type.startsWith("STRUCT") ? `unnest(${expr}, max_depth := 2)` : `unnest(${expr}) AS value`;
    await ws.run(`CREATE OR REPLACE TABLE ${ident(table)} AS SELECT ${select} FROM ${root} r`);
    return [];
  } finally {
    await ws.run(`DROP TABLE IF EXISTS ${root}`);
  }
}
