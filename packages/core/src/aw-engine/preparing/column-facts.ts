import type { TCastType } from "../../schemas/operations.ts";
import { columnKind } from "../profiling/profile-table.ts";
import type { TColumnKind } from "../profiling/types.ts";
import { ident, type Workspace } from "../workspace.ts";

/** What the targets need to know about a column to decide what to do with it. */
export type TColumnFacts = {
  name: string;
  type: string;
  kind: TColumnKind;
  nonNull: number;
  /** This and the numeric facts below are computed only when the scan wants `stats`. */
  distinct: number;
  /** Numeric columns only. */
  min: number | null;
  max: number | null;
  variance: number | null;
  nonFinite: number;
  /** Text columns of a scan that wants `text` only: the narrowest type every non-NULL value converts to without loss. */
  readsAs: TCastType | null;
};

export type TRelationFacts = {
  rowCount: number;
  columns: TColumnFacts[];
  /** Rows whose every value is NULL; counted only when the scan wants `emptyRows`. */
  emptyRows?: number;
};

/** What a scan computes beyond row and non-NULL counts; each costs time on large tables. */
export type TFactsWanted = {
  /** Exact distinct counts and numeric ranges (id, category and position decisions). */
  stats?: boolean;
  /** What text columns read as (regular expressions and casts: the costliest part). */
  text?: boolean;
  /** Rows whose every value is NULL. */
  emptyRows?: boolean;
};

const BOOLEAN_WORDS = "('true', 'false', 'yes', 'no', 't', 'f')";

/** CASE, not AND: DuckDB may reorder AND, and a failing TRY_CAST to a date is slow, so it runs only on values shaped like one. */
const shaped = (v: string, pattern: string, type: string) =>
  `CASE WHEN ${pattern} THEN TRY_CAST(${v} AS ${type}) IS NOT NULL ELSE false END`;

/** Text types in the order tried, narrowest first, each as a predicate over a trimmed value. */
const TEXT_TYPES: [TCastType, (v: string) => string][] = [
  ["bigint", (v) => `regexp_full_match(${v}, '[+-]?[0-9]+')`],
  ["double", (v) => `TRY_CAST(${v} AS DOUBLE) IS NOT NULL`],
  ["boolean", (v) => `lower(${v}) IN ${BOOLEAN_WORDS}`],
  ["date", (v) => shaped(v, `regexp_full_match(${v}, '[0-9]{4}-[0-9]{2}-[0-9]{2}')`, "DATE")],
  ["timestamp", (v) => shaped(v, `regexp_matches(${v}, '^[0-9]{4}-[0-9]{2}-[0-9]{2}[ T][0-9]')`, "TIMESTAMP")],
];
/** Leading zeros (zip codes, phone numbers) would be lost as numbers. */
const NUMBER_TYPES = new Set<TCastType>(["bigint", "double"]);
const leadingZero = (v: string) => `regexp_matches(${v}, '^[+-]?0[0-9]')`;

/** Rows the screen reads first: a type one of them rules out needs no full scan. */
const SCREEN_ROWS = 2048;

type TTextCounts = { nonNull: number; types: Map<TCastType, number>; leadingZero: number };
type TRow = Record<string, unknown> | undefined;

/** Aggregates counting how many values of text column `i` read as each of `types` (and have a leading zero, when numbers are in question). */
function textParts(i: number, name: string, types: TCastType[]): string[] {
  const v = `trim(${ident(name)})`;
  const parts = TEXT_TYPES.filter(([type]) => types.includes(type)).map(
    ([type, reads]) => `count(*) FILTER (WHERE ${reads(v)}) AS c${i}_${type}`,
  );
  if (types.some((t) => NUMBER_TYPES.has(t))) parts.push(`count(*) FILTER (WHERE ${leadingZero(v)}) AS c${i}_lz`);
  return parts;
}

function textCounts(row: TRow, i: number, types: TCastType[]): TTextCounts {
  const count = (key: string) => Number(row?.[`c${i}_${key}`] ?? 0);
  return { nonNull: count("nn"), types: new Map(types.map((t) => [t, count(t)])), leadingZero: count("lz") };
}

/** The types every non-NULL value reads as, narrowest first; numbers only without leading zeros. */
const typesHeld = (counts: TTextCounts): TCastType[] =>
  [...counts.types]
    .filter(([type, n]) => n === counts.nonNull && !(NUMBER_TYPES.has(type) && counts.leadingZero > 0))
    .map(([type]) => type);

const ALL_TEXT_TYPES = TEXT_TYPES.map(([type]) => type);

/**
 * Per-column counts over any relation (a quoted table name or a parenthesised SELECT), in one
 * aggregate scan. Distinct counts are exact: id detection needs them, and DuckDB counts them
 * about as fast as it estimates them. With `text`, a screen of the first rows goes first: free
 * text fails every type at once, so the full scan checks only the types that survive it.
 */
export async function relationFacts(
  ws: Workspace,
  relation: string,
  columns: { name: string; type: string }[],
  wanted: TFactsWanted = { stats: true },
): Promise<TRelationFacts> {
  const texts = wanted.text ? columns.flatMap((col, i) => (columnKind(col.type) === "string" ? [{ i, name: col.name }] : [])) : [];
  const candidates = new Map<number, TCastType[]>();
  if (texts.length > 0) {
    const screenParts = texts.flatMap(({ i, name }) => [`count(${ident(name)}) AS c${i}_nn`, ...textParts(i, name, ALL_TEXT_TYPES)]);
    const [screen] = await ws.rowsJS(`SELECT ${screenParts.join(", ")} FROM (SELECT * FROM ${relation} LIMIT ${SCREEN_ROWS})`);
    for (const { i } of texts) candidates.set(i, typesHeld(textCounts(screen, i, ALL_TEXT_TYPES)));
  }
  const parts = ["count(*) AS n"];
  if (wanted.emptyRows && columns.length)
    parts.push(`count(*) FILTER (WHERE ${columns.map((c) => `${ident(c.name)} IS NULL`).join(" AND ")}) AS empty_rows`);
  columns.forEach((col, i) => {
    const c = ident(col.name);
    const kind = columnKind(col.type);
    parts.push(`count(${c}) AS c${i}_nn`, ...textParts(i, col.name, candidates.get(i) ?? []));
    if (!wanted.stats) return;
    parts.push(`count(DISTINCT ${c}) AS c${i}_d`);
    if (kind === "integer" || kind === "number") {
      parts.push(
        `min(${c})::DOUBLE AS c${i}_min`,
        `max(${c})::DOUBLE AS c${i}_max`,
        `var_samp(${c}::DOUBLE) FILTER (WHERE isfinite(${c}::DOUBLE)) AS c${i}_var`,
        `count(*) FILTER (WHERE NOT isfinite(${c}::DOUBLE)) AS c${i}_nf`,
      );
    }
  });
  const [row] = await ws.rowsJS(`SELECT ${parts.join(", ")} FROM ${relation}`);
  const num = (key: string) => (row?.[key] === null || row?.[key] === undefined ? null : Number(row[key]));
  const count = (key: string) => num(key) ?? 0;
  const readsAs = (i: number): TCastType | null => {
    const types = candidates.get(i);
    if (!types) return null;
    const counts = textCounts(row, i, types);
    return counts.nonNull > 0 ? (typesHeld(counts)[0] ?? null) : null;
  };
  return {
    rowCount: count("n"),
    ...(wanted.emptyRows ? { emptyRows: count("empty_rows") } : {}),
    columns: columns.map((col, i) => ({
      name: col.name,
      type: col.type,
      kind: columnKind(col.type),
      nonNull: count(`c${i}_nn`),
      distinct: count(`c${i}_d`),
      min: num(`c${i}_min`),
      max: num(`c${i}_max`),
      variance: num(`c${i}_var`),
      nonFinite: count(`c${i}_nf`),
      readsAs: readsAs(i),
    })),
  };
}

export const isNumericKind = (kind: TColumnKind) => kind === "integer" || kind === "number";

/** True when nearly every non-NULL value is distinct (names, labels, keys). */
export const isUniqueish = (f: TColumnFacts) => f.nonNull > 0 && f.distinct >= 0.9 * f.nonNull;

/** Columns that identify rows rather than measure anything: named like ids, unique integers or unique text. */
export function isIdLike(f: TColumnFacts): boolean {
  const named = /^(id|uuid|guid|key|index|idx|row|rownum|row_number)$|(_id|Id|ID|_key|_uuid)$/.test(f.name);
  if (named && isUniqueish(f)) return true;
  if (f.kind === "integer" && f.nonNull > 1 && f.min !== null && f.max !== null) {
    // A dense run 0..n or 1..n of unique integers is a row number.
    return isUniqueish(f) && f.max - f.min + 1 === f.nonNull;
  }
  return false;
}

export const describeColumns = (facts: { name: string; type: string }[]) => facts.map((f) => `${f.name} (${f.type})`).join(", ");
