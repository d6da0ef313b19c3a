import { isNumericKind } from "../preparing/column-facts.ts";
import { columnKind } from "../profiling/profile-table.ts";
import { ident, literal, type Workspace } from "../workspace.ts";
import { noColumnChanges, type TColumnChanges } from "./column-changes.ts";
import type { TColumnInfo } from "./types.ts";

/** strptime formats tried on text columns, most specific first; the first that parses every value wins. */
const TEXT_FORMATS = [
  "%Y-%m-%d",
  "%Y-%m-%d %H:%M:%S",
  "%Y-%m-%d %H:%M:%S.%f",
  "%Y-%m-%d %H:%M",
  "%Y-%m-%dT%H:%M:%S",
  "%Y-%m-%dT%H:%M:%S.%f",
  "%Y-%m-%dT%H:%M",
  "%Y-%m-%dT%H:%M:%SZ",
  "%Y-%m-%dT%H:%M:%S.%fZ",
  "%Y/%m/%d",
  "%Y/%m/%d %H:%M",
  "%Y/%m/%d %H:%M:%S",
  "%m/%d/%Y",
  "%m/%d/%Y %H:%M",
  "%m/%d/%Y %H:%M:%S",
  "%d/%m/%Y",
  "%d/%m/%Y %H:%M",
  "%d/%m/%Y %H:%M:%S",
  "%m-%d-%Y",
  "%d-%m-%Y",
  "%d.%m.%Y",
  "%d.%m.%Y %H:%M",
  "%b %d %Y",
  "%b %d, %Y",
  "%B %d %Y",
  "%B %d, %Y",
  "%d %b %Y",
  "%d %B %Y",
  "%d-%b-%Y",
  "%b %d %Y %H:%M",
  "%b %d, %Y %H:%M",
] as const;

/** Rows of the samples that shortlist formats, in turn, before the whole column is checked. */
const SCREEN_ROWS = [64, 2000];
/** Names that may hold epoch numbers: time, timestamp, epoch, date, `*_at`, `*_ms`. */
const EPOCH_NAME = /(^|_)(time|timestamp|epoch|date)($|_)|_at$|_ms$/i;
/** Plausible epoch values: 1973-03-03 (smaller numbers read more like durations or counters) to 2100-01-01. */
const EPOCH_SECONDS = { min: 1e8, max: 4_102_444_800 };

const hasTime = (format: string) => format.includes("%H");
/** The day-first reading of a month-first format (`%m/%d/%Y` → `%d/%m/%Y`), or null. */
const dayFirstTwin = (format: string) => (/^%m([/-])%d/.test(format) ? format.replace(/^%m([/-])%d/, "%d$1%m") : null);

/**
 * `value` is the column's non-empty values (blank text is NULL); `convert` turns one into the new
 * type; `parsed` and `blank` count the values converted and the blank texts read as missing.
 */
type TDateChoice = {
  column: string;
  format: string;
  type: "DATE" | "TIMESTAMP";
  value: string;
  convert: string;
  parsed: number;
  blank: number;
  note?: string;
};

const text = (column: string) => `nullif(trim(${ident(column)}), '')`;

/** Per column: the formats that parse every non-empty value of `source` (in TEXT_FORMATS order), and the counts behind them. */
type TFormatScan = { parsing: string[]; nonEmpty: number; values: number };

/** Per column, the formats that parse all of `source`, and how many rows `source` had. */
async function formatsParsingAll(
  ws: Workspace,
  source: string,
  candidates: Map<string, readonly string[]>,
): Promise<{ rows: number; found: Map<string, TFormatScan> }> {
  const exprs: string[] = ["count(*) AS rows"];
  for (const [i, [column, formats]] of [...candidates].entries()) {
    exprs.push(`count(${text(column)}) AS n${i}`, `count(${ident(column)}) AS v${i}`);
    for (const [j, format] of formats.entries()) exprs.push(`count(try_strptime(${text(column)}, ${literal(format)})) AS f${i}_${j}`);
  }
  const [row] = await ws.rowsJS(`SELECT ${exprs.join(", ")} FROM ${source}`);
  const found = new Map<string, TFormatScan>();
  for (const [i, [column, formats]] of [...candidates].entries()) {
    const n = Number(row?.[`n${i}`]);
    const parsing = formats.filter((_, j) => n > 0 && Number(row?.[`f${i}_${j}`]) === n);
    if (parsing.length) found.set(column, { parsing, nonEmpty: n, values: Number(row?.[`v${i}`]) });
  }
  return { rows: Number(row?.rows), found };
}

/** Picks a format for a text column; month-first wins a tie with day-first, with a note saying so. */
function chooseTextFormat(column: string, { parsing, nonEmpty, values }: TFormatScan): TDateChoice {
  const format = parsing[0] as string;
  const twin = dayFirstTwin(format);
  const note =
    twin && parsing.includes(twin) ? `no value has a day above 12, so it could also be day-first (${twin}); read month-first` : undefined;
  const type = hasTime(format) ? "TIMESTAMP" : "DATE";
  const convert = `CAST(strptime(${text(column)}, ${literal(format)}) AS ${type})`;
  return { column, format, type, value: text(column), convert, parsed: nonEmpty, blank: values - nonEmpty, note };
}

async function textDateChoices(ws: Workspace, table: string, columns: TColumnInfo[]): Promise<TDateChoice[]> {
  const textColumns = columns.filter((c) => c.type === "VARCHAR").map((c) => c.name);
  if (!textColumns.length) return [];
  // Free text fails every format on its first rows; each shortlist is tried on more rows, the survivors on all of them.
  let shortlist = new Map<string, readonly string[]>(textColumns.map((c) => [c, TEXT_FORMATS]));
  for (const limit of SCREEN_ROWS) {
    const sample = `(SELECT ${[...shortlist.keys()].map(ident).join(", ")} FROM ${ident(table)} LIMIT ${limit})`;
    const { rows, found } = await formatsParsingAll(ws, sample, shortlist);
    // A sample shorter than its limit was the whole table: what it found is the answer.
    if (rows < limit) return [...found].map(([column, scan]) => chooseTextFormat(column, scan));
    shortlist = new Map([...found].map(([column, scan]) => [column, scan.parsing]));
    if (!shortlist.size) return [];
  }
  const { found } = await formatsParsingAll(ws, ident(table), shortlist);
  return [...found].map(([column, scan]) => chooseTextFormat(column, scan));
}

async function epochChoices(ws: Workspace, table: string, columns: TColumnInfo[]): Promise<TDateChoice[]> {
  const named = columns.filter((c) => isNumericKind(columnKind(c.type)) && EPOCH_NAME.test(c.name)).map((c) => c.name);
  if (!named.length) return [];
  const [row] = await ws.rowsJS(
    `SELECT ${named.map((c, i) => `min(${ident(c)})::DOUBLE AS lo${i}, max(${ident(c)})::DOUBLE AS hi${i}, count(${ident(c)}) AS n${i}`).join(", ")} FROM ${ident(table)}`,
  );
  const choices: TDateChoice[] = [];
  for (const [i, column] of named.entries()) {
    const [lo, hi] = [Number(row?.[`lo${i}`]), Number(row?.[`hi${i}`])];
    const fits = (scale: number) => row?.[`lo${i}`] !== null && lo >= EPOCH_SECONDS.min * scale && hi <= EPOCH_SECONDS.max * scale;
    const unit =
      !/_ms$/i.test(column) && fits(1)
        ? { format: "epoch seconds", micros: 1e6 }
        : fits(1000)
          ? { format: "epoch milliseconds", micros: 1e3 }
          : null;
    if (unit)
      choices.push({
        column,
        format: unit.format,
        type: "TIMESTAMP",
        value: ident(column),
        convert: `make_timestamp(CAST(round(${ident(column)} * ${unit.micros}) AS BIGINT))`,
        parsed: Number(row?.[`n${i}`]),
        blank: 0,
      });
  }
  return choices;
}

/** Rows read for a column's examples: its first values, not a sort of the whole column. */
const EXAMPLE_SOURCE_ROWS = 1000;

async function examples(ws: Workspace, table: string, choice: TDateChoice): Promise<{ before: unknown; after: unknown }[]> {
  const first = `SELECT ${ident(choice.column)} FROM ${ident(table)} WHERE ${choice.value} IS NOT NULL LIMIT ${EXAMPLE_SOURCE_ROWS}`;
  const rows = await ws.rowsJS(
    `SELECT DISTINCT ${ident(choice.column)}::VARCHAR AS before, (${choice.convert})::VARCHAR AS after FROM (${first}) ORDER BY before LIMIT 3`,
  );
  return rows.map((r) => ({ before: r.before, after: r.after }));
}

/**
 * Reads text columns whose every non-empty value parses with one strptime format as DATE or
 * TIMESTAMP, and numeric columns named like times whose range is plausible epoch seconds or
 * milliseconds as TIMESTAMP. A column with a single value that does not parse stays as it is.
 * Records the format chosen per column in `dateFormats`.
 */
export async function parseDateColumns(
  ws: Workspace,
  table: string,
  columns: TColumnInfo[],
  dateFormats: Record<string, string>,
): Promise<TColumnChanges> {
  const changes = noColumnChanges();
  const choices = [...(await textDateChoices(ws, table, columns)), ...(await epochChoices(ws, table, columns))];
  if (!choices.length) return changes;
  const befores: Awaited<ReturnType<typeof examples>>[] = [];
  for (const choice of choices) befores.push(await examples(ws, table, choice));
  // One pass rewrites every date column (an ALTER per column would read and write the table once each).
  const converted = choices.map((c) => `CAST(${c.convert} AS ${c.type}) AS ${ident(c.column)}`);
  await ws.run(`CREATE OR REPLACE TABLE ${ident(table)} AS SELECT * REPLACE (${converted.join(", ")}) FROM ${ident(table)}`);
  for (const [i, choice] of choices.entries()) {
    const from = columns.find((c) => c.name === choice.column)?.type ?? "VARCHAR";
    const reason = `parsed as ${choice.type === "DATE" ? "date" : "timestamp"} with format ${choice.format}`;
    dateFormats[choice.column] = choice.format;
    changes.cast.push({ column: choice.column, from, to: choice.type, reason, failed: 0 });
    changes.values.push({ column: choice.column, change: "parsed", count: choice.parsed, reason, examples: befores[i] ?? [] });
    if (choice.blank)
      changes.values.push({
        column: choice.column,
        change: "null_word",
        count: choice.blank,
        reason: "blank text in a date column read as missing",
        examples: [{ before: "", after: null }],
      });
    changes.warnings.push(`read column "${choice.column}" as ${choice.type} (${choice.format})${choice.note ? `: ${choice.note}` : ""}`);
  }
  return changes;
}
