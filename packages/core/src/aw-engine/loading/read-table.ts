import { tableColumns } from "../sample.ts";
import { ident, literal, type Workspace } from "../workspace.ts";
import type { TSkippedRows } from "./column-changes.ts";
import type { TColumnInfo, TLoadParams } from "./types.ts";

/** A readable file as DuckDB will see it (possibly a transcoded or converted temp copy). */
export type TSource = { path: string; compression: "none" | "gzip" };

/** A failure the agent detected itself (e.g. a load that "succeeded" into one column). */
export class ReadIssue extends Error {
  override name = "ReadIssue";
}

const sqlValue = (v: string | number | boolean) => (typeof v === "string" ? literal(v) : String(v));

/**
 * Types DuckDB's CSV sniffer may pick. Dates and timestamps are left out: the sniffer settles on
 * one date format for the whole file (a day-first column makes a month-first one read day-first),
 * so text dates are parsed per column after the read (date-columns.ts).
 */
const SNIFFED_TYPES = "['BOOLEAN', 'BIGINT', 'DOUBLE', 'TIME', 'VARCHAR']";

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
  if (!p.allVarchar) list.push(`auto_type_candidates=${SNIFFED_TYPES}`);
  return [literal(source.path), ...list].join(", ");
}

async function rejectCounts(ws: Workspace, rejects: string): Promise<Map<string, number>> {
  const rows = await ws.rowsJS(`SELECT error_type, count(DISTINCT line) AS n FROM ${ident(rejects)} GROUP BY ALL`);
  return new Map(rows.map((r) => [String(r.error_type), Number(r.n)]));
}

/** Rows the reader skipped, each counted once whatever its errors, with the first few lines as written. */
async function skippedRows(ws: Workspace, rejects: string): Promise<TSkippedRows> {
  const [total] = await ws.rowsJS(`SELECT count(DISTINCT line) AS n FROM ${ident(rejects)}`);
  const examples = await ws.rowsJS(`SELECT DISTINCT line, csv_line AS text FROM ${ident(rejects)} ORDER BY line LIMIT 3`);
  return { count: Number(total?.n ?? 0), examples: examples.map((e) => ({ line: Number(e.line), text: e.text })) };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** The names DuckDB gives the columns of a file without a header: column0, column1 … (column00 … from 11 columns). */
const isHeaderless = (columns: TColumnInfo[]) =>
  columns.every((c, i) => c.name === `column${String(i).padStart(String(columns.length - 1).length, "0")}`);

/**
 * Reads delimited text; with `diagnose`, warns about padded or skipped rows. DuckDB's sniffer
 * decides a header left open, which is then pinned in `params`, so the reported params are the
 * ones used. Returns the table's columns when it had to look at them for that.
 */
export async function readCsv(
  ws: Workspace,
  table: string,
  source: TSource,
  params: TLoadParams,
  attempt: number,
  diagnose: boolean,
): Promise<{ warnings: string[]; columns?: TColumnInfo[]; skipped?: TSkippedRows }> {
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
    await ws.run(
      `SELECT count(*) FROM read_csv(${csvArgs(source, { ...params, nullPadding: false }, { ignore_errors: true, store_rejects: true, rejects_table: diag, rejects_scan: `${diag}_scan` })})`,
    );
    const counts = await rejectCounts(ws, diag);
    const short = counts.get("MISSING COLUMNS") ?? 0;
    const long = counts.get("TOO MANY COLUMNS") ?? 0;
    if (short) warnings.push(`padded ${plural(short, "short row")} with NULLs`);
    if (long) warnings.push(`${plural(long, "row")} had more fields than the header; their extra values are in added columns`);
  }
  const rejects = `aw_rejects_${attempt}`;
  const store: Record<string, string | boolean> = params.ignoreErrors
    ? { store_rejects: true, rejects_table: rejects, rejects_scan: `${rejects}_scan` }
    : {};
  await ws.run(`CREATE OR REPLACE TABLE ${ident(table)} AS SELECT * FROM read_csv(${csvArgs(source, params, store)})`);
  const skipped = params.ignoreErrors ? await skippedRows(ws, rejects) : undefined;
  if (skipped?.count) warnings.push(`skipped ${plural(skipped.count, "row")} that could not be parsed`);
  if (!headerFromRead) return { warnings, skipped };
  const columns = await tableColumns(ws, table);
  // Generated names mean no header, unless the header itself spells them: the sniffer tells.
  params.header = isHeaderless(columns) ? await sniffHeader() : true;
  return { warnings, columns, skipped };
}

export async function readParquet(ws: Workspace, table: string, source: TSource): Promise<string[]> {
  await ws.run(`CREATE OR REPLACE TABLE ${ident(table)} AS SELECT * FROM read_parquet(${literal(source.path)})`);
  return [];
}
