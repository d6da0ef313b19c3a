import { isIdLike, type TColumnFacts } from "../preparing/column-facts.ts";
import { isNumeric, isTemporalKind } from "./cosmo-columns.ts";

export type TPositions = { x: string; y: string };

const POSITION_NAMES: [string[], string[]][] = [
  [
    ["longitude", "lon", "lng", "long"],
    ["latitude", "lat"],
  ],
  [
    ["x", "pos_x", "position_x", "x_pos"],
    ["y", "pos_y", "position_y", "y_pos"],
  ],
];

export const pairKey = (a: string, b: string) => `${a}|${b}`;

export function byName(facts: TColumnFacts[], names: string[], accept: (f: TColumnFacts) => boolean) {
  return names.map((n) => facts.find((f) => f.name.toLowerCase() === n && accept(f))).find((f) => f !== undefined);
}

export function namedPositions(facts: TColumnFacts[], excluded: Set<string>): TPositions | null {
  for (const [xs, ys] of POSITION_NAMES) {
    const x = byName(facts, xs, isNumeric);
    const y = byName(facts, ys, isNumeric);
    if (x && y && !excluded.has(pairKey(x.name, y.name))) return { x: x.name, y: y.name };
  }
  return null;
}

/** Numeric columns that measure something, most complete and most varied first. */
const measures = (facts: TColumnFacts[]) =>
  facts
    .filter((f) => isNumeric(f) && f.nonNull > 0 && (f.variance ?? 0) > 0 && !isIdLike(f))
    .sort((a, b) => b.nonNull - a.nonNull || (b.variance ?? 0) - (a.variance ?? 0))
    .map((f) => f.name);

/** Dates and timestamps that vary, most complete first: a time axis once converted to epoch numbers. */
const timeAxes = (facts: TColumnFacts[]) =>
  facts
    .filter((f) => isTemporalKind(f.kind) && f.distinct > 1)
    .sort((a, b) => b.nonNull - a.nonNull)
    .map((f) => f.name);

/**
 * The best untried position pair: two measures, else a time axis (x) against a measure (y). A
 * given x or y stays and is paired with the best other column.
 */
export function bestPositionPair(facts: TColumnFacts[], excluded: Set<string>, fixed: { x?: string; y?: string }): TPositions | null {
  const numbers = measures(facts);
  const times = timeAxes(facts);
  const pairs: TPositions[] = [];
  const given = fixed.x ?? fixed.y;
  if (given) {
    for (const other of [...numbers, ...times]) if (other !== given) pairs.push(fixed.x ? { x: given, y: other } : { x: other, y: given });
  } else {
    // Ranked pairs, each in the table's column order (u before v): the ranking does not say which is x.
    const position = (name: string) => facts.findIndex((f) => f.name === name);
    numbers.forEach((a, i) => numbers.slice(i + 1).forEach((b) => pairs.push(position(a) < position(b) ? { x: a, y: b } : { x: b, y: a })));
    for (const x of times) for (const y of numbers) pairs.push({ x, y });
  }
  return pairs.find((p) => !excluded.has(pairKey(p.x, p.y))) ?? null;
}

/** Why a column a person mapped to a position can never be one, or null: numbers, dates, timestamps and text (cast on retry) can. */
export function positionTypeProblem(key: string, f: TColumnFacts): string | null {
  if (isNumeric(f) || isTemporalKind(f.kind) || f.kind === "string") return null;
  return `${key} "${f.name}" is ${f.type}: positions must be numbers, dates or timestamps`;
}
