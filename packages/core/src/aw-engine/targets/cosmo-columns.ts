import type { TColumnKind } from "../profiling/types.ts";
import type { TColumnFacts } from "../preparing/column-facts.ts";

/** Cosmograph accepts fewer colours than this before a categorical palette stops making sense. */
export const MAX_COLOR_CATEGORIES = 50;
/** A column with at most this share of distinct values (and few of them) repeats a handful of codes: a category. */
const CATEGORY_DISTINCT_SHARE = 0.2;

export const isNumeric = (f: TColumnFacts) => f.kind === "integer" || f.kind === "number";
export const isTemporalKind = (kind: TColumnKind) => kind === "date" || kind === "timestamp";

/** Every row has a value and no two rows share one: the exact test a point id must pass. */
export const isUniqueColumn = (f: TColumnFacts, rowCount: number) => rowCount > 0 && f.nonNull === rowCount && f.distinct === rowCount;

/** A few values repeated over many rows (group 0–10 over 77 nodes): a category, not a node reference. */
export const isCategoryCode = (f: TColumnFacts) =>
  (f.kind === "string" || f.kind === "integer" || f.kind === "boolean") &&
  f.nonNull > 0 &&
  f.distinct <= MAX_COLOR_CATEGORIES &&
  f.distinct <= CATEGORY_DISTINCT_SHARE * f.nonNull;

/** Unique integers forming one dense run (0..n-1 or 1..n): the rows' numbers. */
export const isRowIndex = (f: TColumnFacts) =>
  f.kind === "integer" && f.nonNull > 1 && f.distinct === f.nonNull && f.min !== null && f.max !== null && f.max - f.min + 1 === f.nonNull;

/** Why a column cannot hold link endpoints unless a person maps it, or null when it can. */
export function notAnEndpoint(f: TColumnFacts): string | null {
  if (isCategoryCode(f)) return `${f.name} is a category code (${f.distinct} distinct values in ${f.nonNull} rows)`;
  if (isRowIndex(f)) return `${f.name} numbers the rows (${f.min}..${f.max})`;
  return null;
}

const family = (f: TColumnFacts) => (isNumeric(f) ? "number" : f.kind);

/** Why two columns cannot be the endpoints of one edge list, whoever chose them; null when they can. */
export function endpointPairProblem(source: TColumnFacts, target: TColumnFacts): string | null {
  const links = `links ${source.name} → ${target.name} do not reference points`;
  if (family(source) !== family(target)) {
    return `${links}: ${source.name} is ${source.type} and ${target.name} is ${target.type}, but the endpoints of one edge list name the same kind of point`;
  }
  const [index, code] = isRowIndex(source) ? [source, target] : [target, source];
  if (isRowIndex(index) && isCategoryCode(code)) {
    return `${links}: ${notAnEndpoint(index)} and ${notAnEndpoint(code)}: that is a table of points, not of links`;
  }
  return null;
}
