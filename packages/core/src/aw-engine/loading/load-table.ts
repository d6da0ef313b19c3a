import { ZLoadingConfigSchema } from "../../schemas/workflow.ts";
import type { TAttempt } from "../run-types.ts";
import { ident, type Workspace } from "../workspace.ts";
import type { TLedger } from "../../schemas/ledger.ts";
import { readArrow } from "./arrow.ts";
import { loadingLedger, type TColumnChanges, type TSkippedRows } from "./column-changes.ts";
import { reportDecimalCommas } from "./decimal-comma.ts";
import { analyzeDelimited, decimalEvidence, headerFields, rankDelimiters, usesDecimalComma } from "./dialect.ts";
import { transcodeToUtf8 } from "./encoding.ts";
import { inspectFile, type TInspection } from "./inspect.ts";
import { NotATable } from "./not-a-table.ts";
import { tableColumns, tableRowCount } from "../sample.ts";
import { readJson } from "./read-json.ts";
import { readCsv, readParquet, ReadIssue, type TSource } from "./read-table.ts";
import { refineColumns } from "./refine-columns.ts";
import { BINARY_CONTROL_SHARE, classifyFailure, paramsKey, planRetry } from "./retry-plan.ts";
import { LoadError, type TColumnInfo, type TLoadParams, type TLoadResult, type TLoadTableInput } from "./types.ts";
import { xlsxToCsv } from "./xlsx.ts";

/** Formats that store their text as UTF-8 by specification. */
const BINARY_FORMATS = new Set<TLoadParams["format"]>(["parquet", "xlsx", "arrow"]);

const DEFAULT_MAX_ATTEMPTS = 6;

function initialParams(options: ReturnType<typeof ZLoadingConfigSchema.parse>, inspection: TInspection): TLoadParams {
  const format =
    options.format === "auto"
      ? (inspection.contentFormat ?? inspection.extensionFormat ?? "csv")
      : options.format === "tsv" || options.format === "delimited"
        ? "csv"
        : options.format;
  const params: TLoadParams = {
    format,
    compression: inspection.compression,
    encoding: BINARY_FORMATS.has(format) ? "utf-8" : options.encoding === "auto" ? inspection.encoding : options.encoding,
  };
  if (format === "csv") {
    const tabDefault = options.format === "tsv" || inspection.extension === "tsv" || inspection.extension === "tab";
    params.delimiter = options.delimiter ?? (tabDefault ? "\t" : sniffedDelimiter(inspection));
    params.header = options.header;
    // Left to DuckDB when unset (pinning skip=0 breaks its sniffer on ragged files); dropped rows are caught after the read.
    params.skipRows = options.skipRows;
    if (usesDecimalComma(decimalEvidence(inspection.text, params.delimiter), params.delimiter)) params.decimalSeparator = ",";
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
  for (const key of ["nullPadding", "ignoreErrors", "strictMode", "allVarchar"] as const)
    if (p[key] !== undefined) parts.push(`${key}=${p[key]}`);
  if (p.quote !== undefined) parts.push(`quote ${JSON.stringify(p.quote)}`);
  if (p.sampleSize !== undefined) parts.push(`sampleSize=${p.sampleSize}`);
  if (p.jsonPath) parts.push(`jsonPath ${p.jsonPath}`);
  if (p.sheet) parts.push(`sheet ${p.sheet}`);
  return parts.join(", ");
}

/** Makes every column name non-empty and unique (case-insensitively, as DuckDB compares them). */
async function ensureColumnNames(ws: Workspace, table: string, columns: TColumnInfo[]): Promise<TLedger["columns"]["renamed"]> {
  const seen = new Set<string>();
  const renamed: TLedger["columns"]["renamed"] = [];
  for (const [i, column] of columns.entries()) {
    let name = column.name.trim() || `column${i + 1}`;
    for (let n = 2; seen.has(name.toLowerCase()); n++) name = `${column.name.trim() || `column${i + 1}`}_${n}`;
    seen.add(name.toLowerCase());
    if (name !== column.name) {
      await ws.run(`ALTER TABLE ${ident(table)} RENAME COLUMN ${ident(column.name)} TO ${ident(name)}`);
      renamed.push({ from: column.name, to: name, reason: "empty or duplicate header" });
      column.name = name;
    }
  }
  return renamed;
}

/** Header names DuckDB's CSV reader replaced itself (an empty one becomes `column1`, a second `x` becomes `x_1`). */
function readerRenames(inspection: TInspection, params: TLoadParams, columns: TColumnInfo[]): TLedger["columns"]["renamed"] {
  const header = params.header ? headerFields(inspection.text, params.delimiter ?? ",", params.skipRows) : null;
  if (header?.length !== columns.length) return [];
  const seen = new Set<string>();
  return header.flatMap((from, i) => {
    const duplicate = seen.has(from.toLowerCase());
    seen.add(from.toLowerCase());
    const to = columns[i]?.name ?? from;
    return to !== from && (from.trim() === "" || duplicate) ? [{ from, to, reason: "empty or duplicate header" }] : [];
  });
}

const renameWarnings = (renamed: TLedger["columns"]["renamed"]) =>
  renamed.length ? [`renamed columns: ${renamed.map((r) => `${JSON.stringify(r.from)} → ${JSON.stringify(r.to)}`).join(", ")}`] : [];

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
    if (BINARY_FORMATS.has(params.format) || !needsTranscode) return Promise.resolve(original);
    const key = `utf8-${params.encoding}`;
    let source = this.cache.get(key);
    if (!source) {
      const dest = this.ws.file(`aw-source-${params.encoding}.txt`);
      source = transcodeToUtf8(this.file, params.compression, params.encoding, dest).then(() => ({
        path: dest,
        compression: "none" as const,
      }));
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
  if (rows < atLeast)
    throw new ReadIssue(`read ${rows} rows, but the start of the file alone holds at least ${atLeast}: rows were dropped`);
}

/** What one read left: warnings, rows it skipped, columns it derived, and the table's shape when the read already had to look at it. */
type TReadOutcome = {
  warnings: string[];
  columns?: TColumnInfo[];
  rows?: number;
  skipped?: TSkippedRows;
  changes?: TColumnChanges;
  renamed?: TLedger["columns"]["renamed"];
};

async function readOnce(
  ws: Workspace,
  table: string,
  inspection: TInspection,
  sources: Sources,
  file: string,
  params: TLoadParams,
  attempt: number,
): Promise<TReadOutcome> {
  switch (params.format) {
    case "parquet":
      return { warnings: await readParquet(ws, table, { path: file, compression: "none" }) };
    case "arrow":
      return { warnings: await readArrow(ws, table, file) };
    case "xlsx": {
      const sheet = await xlsxToCsv(file, ws.file(`aw-sheet-${attempt}.csv`), params.sheet);
      params.sheet = sheet.sheet;
      // Sheets are ragged by nature (trailing empty cells are not stored): padding is expected, not news.
      const read = await readCsv(
        ws,
        table,
        { path: ws.file(`aw-sheet-${attempt}.csv`), compression: "none" },
        { format: "csv", compression: "none", encoding: "utf-8", delimiter: ",", quote: '"', escape: '"', nullPadding: true },
        attempt,
        false,
      );
      return {
        warnings: sheet.sheets.length > 1 ? [`read sheet "${sheet.sheet}" of ${sheet.sheets.length} (${sheet.sheets.join(", ")})`] : [],
        columns: read.columns,
      };
    }
    case "json":
    case "jsonl":
      return readJson(ws, table, await sources.get(params), params, inspection.text.trimStart().startsWith("{"));
    case "csv": {
      if (inspection.controlShare > BINARY_CONTROL_SHARE && params.encoding === inspection.encoding) {
        throw new ReadIssue(
          `the content looks binary (${Math.round(inspection.controlShare * 100)}% control characters), not delimited text`,
        );
      }
      const {
        warnings,
        columns = await tableColumns(ws, table),
        skipped,
      } = await readCsv(ws, table, await sources.get(params), params, attempt, true);
      const rows = await tableRowCount(ws, table);
      checkNoRowsDropped(rows, inspection, params);
      // A wrong delimiter often "succeeds": one column, or a few columns that the sample splits unevenly.
      const [best] = rankDelimiters(inspection.text);
      const own = analyzeDelimited(inspection.text, params.delimiter ?? ",");
      const suspicious = columns.length === 1 || own.consistency < 0.9;
      if (suspicious && best && best.delimiter !== params.delimiter && best.mode > columns.length && best.consistency >= 0.9) {
        throw new ReadIssue(
          `read as ${columns.length === 1 ? "one column only" : `${columns.length} uneven columns`}, but delimiter ${JSON.stringify(best.delimiter)} splits the rows evenly into ${best.mode} fields`,
        );
      }
      // Decimal commas the dialect check found too thin to read the file by: say which values stayed text.
      if (params.decimalSeparator !== "," && decimalEvidence(inspection.text, params.delimiter ?? ",").comma > 0)
        warnings.push(...(await reportDecimalCommas(ws, table, columns)));
      return { warnings, columns, rows, skipped, renamed: readerRenames(inspection, params, columns) };
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
      const renamed = [...(read.renamed ?? []), ...(await ensureColumnNames(ws, table, read.columns ?? (await tableColumns(ws, table))))];
      const changes = [...(read.changes ? [read.changes] : []), ...(await refineColumns(ws, table, used))];
      const columns = await tableColumns(ws, table);
      const rows = read.rows ?? (await tableRowCount(ws, table));
      const warnings = [...read.warnings, ...renameWarnings(renamed), ...changes.flatMap((c) => c.warnings)];
      attempts.push({ attempt, step: "loading", success: true, params: used });
      return {
        success: true,
        sourceUri: input.filename,
        fileInfo: {
          sizeBytes: inspection.sizeBytes,
          extension: inspection.extension,
          detectedFormat: used.format,
          encoding: used.encoding,
          compression: used.compression,
        },
        tableInfo: { table, rowCount: rows, columnCount: columns.length, columns },
        params: used,
        attempts,
        numAttempts: attempts.length,
        warnings: [...retries, ...warnings],
        ledger: loadingLedger({ rowsOut: rows, skipped: read.skipped, renamed, changes }),
      };
    } catch (error) {
      if (isAbort(error)) throw error;
      const message = shortError(error);
      attempts.push({ attempt, step: "loading", success: false, error: message, params: used });
      // Valid content that holds no records: no other way of reading it makes it a table.
      if (error instanceof NotATable) {
        stop = message;
        break;
      }
      // Retries start from the attempt's inputs, not from what its own sniffing filled in.
      const next = await planRetry(classifyFailure(message, params, inspection), params, { file: input.path, inspection, tried, message });
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
