import { ZLoadingConfigSchema } from "../../schemas/workflow.ts";
import type { TAttempt } from "../run-types.ts";
import { ident, type Workspace } from "../workspace.ts";
import { analyzeDelimited, rankDelimiters, usesDecimalComma } from "./dialect.ts";
import { transcodeToUtf8 } from "./encoding.ts";
import { inspectFile, type TInspection } from "./inspect.ts";
import { tableColumns, tableRowCount } from "../sample.ts";
import { readCsv, readJson, readParquet, ReadIssue, type TSource } from "./read-table.ts";
import { BINARY_CONTROL_SHARE, classifyFailure, paramsKey, planRetry } from "./retry-plan.ts";
import { LoadError, type TColumnInfo, type TLoadParams, type TLoadResult, type TLoadTableInput } from "./types.ts";
import { xlsxToCsv } from "./xlsx.ts";

const DEFAULT_MAX_ATTEMPTS = 6;

function initialParams(options: ReturnType<typeof ZLoadingConfigSchema.parse>, inspection: TInspection): TLoadParams {
  const format = options.format === "auto" ? (inspection.contentFormat ?? inspection.extensionFormat ?? "csv") : options.format === "tsv" || options.format === "delimited" ? "csv" : options.format;
  const params: TLoadParams = {
    format,
    compression: inspection.compression,
    // Parquet and XLSX store UTF-8 by specification.
    encoding: format === "parquet" || format === "xlsx" ? "utf-8" : options.encoding === "auto" ? inspection.encoding : options.encoding,
  };
  if (format === "csv") {
    const tabDefault = options.format === "tsv" || inspection.extension === "tsv" || inspection.extension === "tab";
    params.delimiter = options.delimiter ?? (tabDefault ? "\t" : sniffedDelimiter(inspection));
    params.header = options.header;
    // Left to DuckDB when unset (pinning skip=0 breaks its sniffer on ragged files); dropped rows are caught after the read.
    params.skipRows = options.skipRows;
    if (usesDecimalComma(inspection.text, params.delimiter)) params.decimalSeparator = ",";
  }
  if (format === "json") params.jsonPath = options.jsonPath;
  if (format === "xlsx") params.sheet = options.sheet;
  return params;
}

function sniffedDelimiter(inspection: TInspection): string {
  const [best] = rankDelimiters(inspection.text);
  return best && best.mode > 1 ? best.delimiter : ",";
}

/** DuckDB's message without its generic "possible fixes" list and SQL pointer. */
function shortError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const cut = message.split(/\n\s*(?:Possible fixes:|LINE \d+:|The search space used was:)/)[0] ?? message;
  return cut.replace(/\s+/g, " ").trim().slice(0, 600);
}

const isAbort = (error: unknown) => error instanceof Error && (error.name === "AbortError" || /^INTERRUPT/i.test(error.message));

function describeParams(p: TLoadParams): string {
  const parts: string[] = [p.format, p.encoding];
  if (p.compression !== "none") parts.push(p.compression);
  if (p.delimiter !== undefined) parts.push(`delimiter ${JSON.stringify(p.delimiter)}`);
  for (const key of ["nullPadding", "ignoreErrors", "strictMode", "allVarchar"] as const) if (p[key] !== undefined) parts.push(`${key}=${p[key]}`);
  if (p.quote !== undefined) parts.push(`quote ${JSON.stringify(p.quote)}`);
  if (p.sampleSize !== undefined) parts.push(`sampleSize=${p.sampleSize}`);
  if (p.jsonPath) parts.push(`jsonPath ${p.jsonPath}`);
  if (p.sheet) parts.push(`sheet ${p.sheet}`);
  return parts.join(", ");
}

/** Makes every column name non-empty and unique (case-insensitively, as DuckDB compares them). */
async function ensureColumnNames(ws: Workspace, table: string, columns: TColumnInfo[]): Promise<string[]> {
  const seen = new Set<string>();
  const renamed: string[] = [];
  for (const [i, column] of columns.entries()) {
    let name = column.name.trim() || `column${i + 1}`;
    for (let n = 2; seen.has(name.toLowerCase()); n++) name = `${column.name.trim() || `column${i + 1}`}_${n}`;
    seen.add(name.toLowerCase());
    if (name !== column.name) {
      await ws.run(`ALTER TABLE ${ident(table)} RENAME COLUMN ${ident(column.name)} TO ${ident(name)}`);
      renamed.push(`${JSON.stringify(column.name)} → ${JSON.stringify(name)}`);
      column.name = name;
    }
  }
  return renamed.length ? [`renamed columns: ${renamed.join(", ")}`] : [];
}

/** Prepares what DuckDB reads for these params: transcoded text or a converted sheet, cached per variant. */
class Sources {
  private readonly cache = new Map<string, Promise<TSource>>();
  constructor(
    private readonly ws: Workspace,
    private readonly file: string,
    private readonly inspection: TInspection,
  ) {}

  get(params: TLoadParams): Promise<TSource> {
    const original: TSource = { path: this.file, compression: params.compression };
    const needsTranscode = params.encoding !== "utf-8" || (this.inspection.bom && params.format !== "csv");
    if (params.format === "parquet" || params.format === "xlsx" || !needsTranscode) return Promise.resolve(original);
    const key = `utf8-${params.encoding}`;
    let source = this.cache.get(key);
    if (!source) {
      const dest = this.ws.file(`aw-source-${params.encoding}.txt`);
      source = transcodeToUtf8(this.file, params.compression, params.encoding, dest).then(() => ({ path: dest, compression: "none" as const }));
      this.cache.set(key, source);
    }
    return source;
  }
}

/** Fails when the table holds fewer rows than the sample alone proves the file has: the reader dropped some. */
function checkNoRowsDropped(rows: number, inspection: TInspection, params: TLoadParams): void {
  if (params.ignoreErrors) return;
  const records = analyzeDelimited(inspection.text, params.delimiter ?? ",").counts.length;
  // The sample's last record may be cut off; the header and skipped lines are not rows.
  const atLeast = records - 1 - (params.header ? 1 : 0) - (params.skipRows ?? 0);
  if (rows < atLeast) throw new ReadIssue(`read ${rows} rows, but the start of the file alone holds at least ${atLeast}: rows were dropped`);
}

/** What one read left: warnings, and the table's shape when the read already had to look at it. */
type TReadOutcome = { warnings: string[]; columns?: TColumnInfo[]; rows?: number };

async function readOnce(ws: Workspace, table: string, inspection: TInspection, sources: Sources, file: string, params: TLoadParams, attempt: number): Promise<TReadOutcome> {
  switch (params.format) {
    case "parquet":
      return { warnings: await readParquet(ws, table, { path: file, compression: "none" }) };
    case "xlsx": {
      const sheet = await xlsxToCsv(file, ws.file(`aw-sheet-${attempt}.csv`), params.sheet);
      params.sheet = sheet.sheet;
      // Sheets are ragged by nature (trailing empty cells are not stored): padding is expected, not news.
      const read = await readCsv(ws, table, { path: ws.file(`aw-sheet-${attempt}.csv`), compression: "none" }, { format: "csv", compression: "none", encoding: "utf-8", delimiter: ",", quote: '"', escape: '"', nullPadding: true }, attempt, false);
      return { warnings: sheet.sheets.length > 1 ? [`read sheet "${sheet.sheet}" of ${sheet.sheets.length} (${sheet.sheets.join(", ")})`] : [], columns: read.columns };
    }
    case "json":
    case "jsonl":
      return { warnings: await readJson(ws, table, await sources.get(params), params, inspection.text.trimStart().startsWith("{")) };
    case "csv": {
      if (inspection.controlShare > BINARY_CONTROL_SHARE && params.encoding === inspection.encoding) {
        throw new ReadIssue(`the content looks binary (${Math.round(inspection.controlShare * 100)}% control characters), not delimited text`);
      }
      const { warnings, columns = await tableColumns(ws, table) } = await readCsv(ws, table, await sources.get(params), params, attempt, true);
      const rows = await tableRowCount(ws, table);
      checkNoRowsDropped(rows, inspection, params);
      // A wrong delimiter often "succeeds": one column, or a few columns that the sample splits unevenly.
      const [best] = rankDelimiters(inspection.text);
      const own = analyzeDelimited(inspection.text, params.delimiter ?? ",");
      const suspicious = columns.length === 1 || own.consistency < 0.9;
      if (suspicious && best && best.delimiter !== params.delimiter && best.mode > columns.length && best.consistency >= 0.9) {
        throw new ReadIssue(`read as ${columns.length === 1 ? "one column only" : `${columns.length} uneven columns`}, but delimiter ${JSON.stringify(best.delimiter)} splits the rows evenly into ${best.mode} fields`);
      }
      return { warnings, columns, rows };
    }
  }
}

/** Reads a file into `input.table`, inferring how to read it and retrying with adjusted parameters. */
export async function loadTable(ws: Workspace, input: TLoadTableInput): Promise<TLoadResult> {
  const options = ZLoadingConfigSchema.parse(input.options ?? {});
  const table = input.table ?? "data";
  const maxAttempts = Math.max(1, input.maxAttempts ?? DEFAULT_MAX_ATTEMPTS);
  input = { ...input, path: await ws.adopt(input.path) };
  const inspection = await inspectFile(input.path, input.filename);
  if (inspection.sizeBytes === 0 || (inspection.contentFormat === null && inspection.text.trim() === "")) {
    throw new LoadError(`could not load "${input.filename}": file is empty`, []);
  }
  const sources = new Sources(ws, input.path, inspection);
  const attempts: TAttempt[] = [];
  const tried = new Set<string>();
  let params = initialParams(options, inspection);
  let stop = "";
  const retries: string[] = [];
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    tried.add(paramsKey(params));
    const used = { ...params };
    try {
      const read = await readOnce(ws, table, inspection, sources, input.path, used, attempt);
      const columns = read.columns ?? (await tableColumns(ws, table));
      const warnings = [...read.warnings, ...(await ensureColumnNames(ws, table, columns))];
      const rows = read.rows ?? (await tableRowCount(ws, table));
      attempts.push({ attempt, step: "loading", success: true, params: used });
      return {
        success: true,
        sourceUri: input.filename,
        fileInfo: { sizeBytes: inspection.sizeBytes, extension: inspection.extension, detectedFormat: used.format, encoding: used.encoding, compression: used.compression },
        tableInfo: { table, rowCount: rows, columnCount: columns.length, columns },
        params: used,
        attempts,
        numAttempts: attempts.length,
        warnings: [...retries, ...warnings],
      };
    } catch (error) {
      if (isAbort(error)) throw error;
      const message = shortError(error);
      attempts.push({ attempt, step: "loading", success: false, error: message, params: used });
      // Retries start from the attempt's inputs, not from what its own sniffing filled in.
      const next = await planRetry(classifyFailure(message, params, inspection), params, { file: input.path, inspection, tried });
      if ("stop" in next) {
        stop = next.stop;
        break;
      }
      params = next.params;
      retries.push(`attempt ${attempt} failed (${message.slice(0, 120)}); retried: ${next.reason}`);
      stop = `gave up after ${maxAttempts} attempts`;
    }
  }
  // A read that "succeeded" into a wrong shape must not outlive the failure.
  await ws.run(`DROP TABLE IF EXISTS ${ident(table)}`);
  const summary = attempts.map((a) => `#${a.attempt} (${describeParams(a.params as TLoadParams)}): ${a.error}`).join("; ");
  throw new LoadError(`could not load "${input.filename}": ${stop}. Attempts: ${summary}`, attempts);
}
