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

/** Rows of the sample that shortlists formats before the whole column is checked. */
const SAMPLE_ROWS = 2000;
/** Names that may hold epoch numbers: time, timestamp, epoch, date, `*_at`, `*_ms`. */
const EPOCH_NAME = /(^|_)(time|timestamp|epoch|date)($|_)|_at$|_ms$/i;
/** Plausible epoch values: 1973-03-03 (smaller numbers read more like durations or counters) to 2100-01-01. */
const EPOCH_SECONDS = { min: 1e8, max: 4_102_444_800 };

const hasTime = (format: string) => format.includes("%H");
/** The day-first reading of a month-first format (`%m/%d/%Y` → `%d/%m/%Y`), or null. */
const dayFirstTwin = (format: string) => (/^%m([/-])%d/.test(format) ? format.replace(/^%m([/-])%d/, "%d$1%m") : null);

/** `value` is the column's non-empty values (blank text is NULL); `convert` turns one into the new type. */
type TDateChoice = { column: string; format: string; type: "DATE" | "TIMESTAMP"; value: string; convert: string; note?: string };

const text = (column: string) => `nullif(trim(${ident(column)}), '')`;

/** Per column, the formats that parse every non-empty value of `source`, in TEXT_FORMATS order. */
async function formatsParsingAll(
  ws: Workspace,
  source: string,
  candidates: Map<string, readonly string[]>,
): Promise<Map<string, string[]>> {
  const exprs: string[] = [];
  for (const [i, [column, formats]] of [...candidates].entries()) {
    exprs.push(`count(${text(column)}) AS n${i}`);
    for (const [j, format] of formats.entries()) exprs.push(`count(try_strptime(${text(column)}, ${literal(format)})) AS f${i}_${j}`);
  }
  const [row] = await ws.rowsJS(`SELECT ${exprs.join(", ")} FROM ${source}`);
  const found = new Map<string, string[]>();
  for (const [i, [column, formats]] of [...candidates].entries()) {
    const n = Number(row?.[`n${i}`]);
    const parsing = formats.filter((_, j) => n > 0 && Number(row?.[`f${i}_${j}`]) === n);
    if (parsing.length) found.set(column, parsing);
  }
  return found;
}

/** Picks a format for a text column; month-first wins a tie with day-first, with a note saying so. */
function chooseTextFormat(column: string, parsing: string[]): TDateChoice {
  const format = parsing[0] as string;
  const twin = dayFirstTwin(format);
  const note =
    twin && parsing.includes(twin) ? `no value has a day above 12, so it could also be day-first (${twin}); read month-first` : undefined;
  const type = hasTime(format) ? "TIMESTAMP" : "DATE";
  return { column, format, type, value: text(column), convert: `CAST(strptime(${text(column)}, ${literal(format)}) AS ${type})`, note };
}

async function textDateChoices(ws: Workspace, table: string, columns: TColumnInfo[]): Promise<TDateChoice[]> {
  const textColumns = columns.filter((c) => c.type === "VARCHAR").map((c) => c.name);
  if (!textColumns.length) return [];
  const sample = `(SELECT ${textColumns.map(ident).join(", ")} FROM ${ident(table)} LIMIT ${SAMPLE_ROWS})`;
  const shortlist = await formatsParsingAll(ws, sample, new Map(textColumns.map((c) => [c, TEXT_FORMATS])));
  if (!shortlist.size) return [];
  const whole = await formatsParsingAll(ws, ident(table), shortlist);
  return [...whole].map(([column, parsing]) => chooseTextFormat(column, parsing));
}

async function epochChoices(ws: Workspace, table: string, columns: TColumnInfo[]): Promise<TDateChoice[]> {
  const named = columns.filter((c) => isNumericKind(columnKind(c.type)) && EPOCH_NAME.test(c.name)).map((c) => c.name);
  if (!named.length) return [];
  const [row] = await ws.rowsJS(
    `SELECT ${named.map((c, i) => `min(${ident(c)})::DOUBLE AS lo${i}, max(${ident(c)})::DOUBLE AS hi${i}`).join(", ")} FROM ${ident(table)}`,
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
      });
  }
  return choices;
}

async function examples(ws: Workspace, table: string, choice: TDateChoice): Promise<{ before: unknown; after: unknown }[]> {
  const rows = await ws.rowsJS(
    `SELECT DISTINCT ${ident(choice.column)}::VARCHAR AS before, (${choice.convert})::VARCHAR AS after FROM ${ident(table)} WHERE ${choice.value} IS NOT NULL ORDER BY before LIMIT 3`,
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
  for (const choice of choices) {
    const from = columns.find((c) => c.name === choice.column)?.type ?? "VARCHAR";
    const [counts] = await ws.rowsJS(
      `SELECT count(${choice.value}) AS parsed, count(${ident(choice.column)}) - count(${choice.value}) AS blank FROM ${ident(table)}`,
    );
    const before = await examples(ws, table, choice);
    await ws.run(`ALTER TABLE ${ident(table)} ALTER COLUMN ${ident(choice.column)} SET DATA TYPE ${choice.type} USING ${choice.convert}`);
    const reason = `parsed as ${choice.type === "DATE" ? "date" : "timestamp"} with format ${choice.format}`;
    dateFormats[choice.column] = choice.format;
    changes.cast.push({ column: choice.column, from, to: choice.type, reason, failed: 0 });
    changes.values.push({ column: choice.column, change: "parsed", count: Number(counts?.parsed), reason, examples: before });
    const blank = Number(counts?.blank);
    if (blank)
      changes.values.push({
        column: choice.column,
        change: "null_word",
        count: blank,
        reason: "blank text in a date column read as missing",
        examples: [{ before: "", after: null }],
      });
    changes.warnings.push(`read column "${choice.column}" as ${choice.type} (${choice.format})${choice.note ? `: ${choice.note}` : ""}`);
  }
  return changes;
}
