import type { TCosmoMapping } from "../../schemas/cosmo.ts";
import { describeColumns, isIdLike, isUniqueish, type TColumnFacts } from "../preparing/column-facts.ts";
import { ident, type Workspace } from "../workspace.ts";
import { TargetUnreachableError } from "./types.ts";

export type TCosmoChoice = {
  kind: "points" | "links";
  mapping: TCosmoMapping;
  /** Why each column was chosen, e.g. "pointsXBy/pointsYBy: longitude/latitude (named)". */
  reasons: string[];
};

/** Cosmograph accepts fewer colours than this before a categorical palette stops making sense. */
export const MAX_COLOR_CATEGORIES = 50;
/** Two columns are link endpoints when at least this share of the smaller one's values appear in both. */
const MIN_ENDPOINT_OVERLAP = 0.3;
/** Overlap is checked between at most this many candidate columns (pairs grow quadratically). */
const MAX_ENDPOINT_CANDIDATES = 12;

const POSITION_NAMES: [string[], string[]][] = [
  [["longitude", "lon", "lng", "long"], ["latitude", "lat"]],
  [["x", "pos_x", "position_x", "x_pos"], ["y", "pos_y", "position_y", "y_pos"]],
];
const LINK_NAMES: [string, string][] = [
  ["source", "target"],
  ["from", "to"],
  ["src", "dst"],
  ["src", "dest"],
  ["source_id", "target_id"],
  ["from_id", "to_id"],
];
const SIZE_HINT = /size|population|pop|count|value|weight|mass|radius|amount|total/i;
const COLOR_HINT = /category|type|group|class|cluster|country|region|kind|label|continent|state/i;
const LABEL_HINT = /name|label|title|city/i;

const isNumeric = (f: TColumnFacts) => f.kind === "integer" || f.kind === "number";
const pairKey = (a: string, b: string) => `${a}|${b}`;

function byName(facts: TColumnFacts[], names: string[], accept: (f: TColumnFacts) => boolean) {
  return names.map((n) => facts.find((f) => f.name.toLowerCase() === n && accept(f))).find((f) => f !== undefined);
}

function namedPositions(facts: TColumnFacts[], excluded: Set<string>) {
  for (const [xs, ys] of POSITION_NAMES) {
    const x = byName(facts, xs, isNumeric);
    const y = byName(facts, ys, isNumeric);
    if (x && y && !excluded.has(pairKey(x.name, y.name))) return { x: x.name, y: y.name };
  }
  return null;
}

function namedLinks(facts: TColumnFacts[]) {
  for (const [s, t] of LINK_NAMES) {
    const source = byName(facts, [s], (f) => f.nonNull > 0);
    const target = byName(facts, [t], (f) => f.nonNull > 0);
    if (source && target) return { source: source.name, target: target.name };
  }
  return null;
}

/** The two most complete, most varied numeric columns that are not row identifiers; a given x or y stays. */
function bestNumericPair(facts: TColumnFacts[], excluded: Set<string>, fixed: { x?: string; y?: string }) {
  const candidates = facts
    .filter((f) => isNumeric(f) && f.nonNull > 0 && (f.variance ?? 0) > 0 && !isIdLike(f))
    .sort((a, b) => b.nonNull - a.nonNull || (b.variance ?? 0) - (a.variance ?? 0))
    .map((f) => f.name);
  const xs = fixed.x ? [fixed.x] : candidates;
  const ys = fixed.y ? [fixed.y] : candidates;
  for (const x of xs) {
    for (const y of ys) {
      if (x !== y && (fixed.x || fixed.y || candidates.indexOf(x) < candidates.indexOf(y)) && !excluded.has(pairKey(x, y))) return { x, y };
    }
  }
  return null;
}

/**
 * Two text/integer columns whose value sets overlap: the node references of an edge list. One
 * scan gathers every candidate's distinct values; a self-join counts shared values per pair (and,
 * on the diagonal, each column's own distinct count), instead of one query per pair.
 */
async function overlappingEndpoints(ws: Workspace, relation: string, facts: TColumnFacts[]) {
  const candidates = facts.filter((f) => (f.kind === "string" || f.kind === "integer") && f.nonNull > 0).slice(0, MAX_ENDPOINT_CANDIDATES);
  if (candidates.length < 2) return null;
  const rows = await ws.rowsJS(
    `WITH v AS MATERIALIZED (
      SELECT DISTINCT k, v FROM (UNPIVOT (SELECT ${candidates.map((f, i) => `CAST(${ident(f.name)} AS VARCHAR) AS "${i}"`).join(", ")} FROM ${relation}) ON COLUMNS(*) INTO NAME k VALUE v)
    )
    SELECT a.k::INTEGER AS a, b.k::INTEGER AS b, count(*) AS shared FROM v a JOIN v b ON a.v = b.v AND a.k::INTEGER <= b.k::INTEGER GROUP BY ALL`,
  );
  const shared = new Map(rows.map((r) => [pairKey(String(r.a), String(r.b)), Number(r.shared)]));
  const count = (i: number, j: number) => shared.get(pairKey(String(i), String(j))) ?? 0;
  let best: { source: string; target: string; overlap: number } | null = null;
  for (let i = 0; i < candidates.length; i++) {
    for (let j = i + 1; j < candidates.length; j++) {
      const a = candidates[i];
      const b = candidates[j];
      if (!a || !b) continue;
      const smaller = Math.min(count(i, i), count(j, j));
      const overlap = smaller > 0 ? count(i, j) / smaller : 0;
      if (overlap >= MIN_ENDPOINT_OVERLAP && (!best || overlap > best.overlap)) best = { source: a.name, target: b.name, overlap };
    }
  }
  return best;
}

function pointExtras(facts: TColumnFacts[], taken: Set<string>, explicit: TCosmoMapping, reasons: string[]): TCosmoMapping {
  const free = facts.filter((f) => !taken.has(f.name) && f.nonNull > 0);
  const hinted = (list: TColumnFacts[], hint: RegExp) => list.find((f) => hint.test(f.name)) ?? list[0];

  const sizes = free.filter((f) => isNumeric(f) && !isIdLike(f) && (f.min ?? 0) > 0);
  const colors = free.filter((f) => (f.kind === "string" || f.kind === "boolean") && f.distinct >= 2 && f.distinct < MAX_COLOR_CATEGORIES && !isUniqueish(f));
  const labels = free.filter((f) => f.kind === "string" && isUniqueish(f));
  const ids = free.filter(isIdLike);

  const size = explicit.pointSizeBy ?? hinted(sizes, SIZE_HINT)?.name;
  const color = explicit.pointColorBy ?? hinted(colors, COLOR_HINT)?.name;
  const label = explicit.pointLabelBy ?? hinted(labels, LABEL_HINT)?.name;
  const id = explicit.pointIdBy ?? ids[0]?.name ?? label;
  if (size && !explicit.pointSizeBy) reasons.push(`pointSizeBy: ${size} (positive numeric)`);
  if (color && !explicit.pointColorBy) reasons.push(`pointColorBy: ${color} (categorical, < ${MAX_COLOR_CATEGORIES} distinct)`);
  if (label && !explicit.pointLabelBy) reasons.push(`pointLabelBy: ${label} (unique-ish text)`);
  if (id && !explicit.pointIdBy) reasons.push(`pointIdBy: ${id}`);
  return {
    ...(size ? { pointSizeBy: size } : {}),
    ...(color ? { pointColorBy: color } : {}),
    ...(label ? { pointLabelBy: label } : {}),
    ...(id ? { pointIdBy: id } : {}),
  };
}

/**
 * Picks Cosmograph columns from facts about the (cleaned) data. Explicit mapping entries win;
 * pairs in `excludedPairs` ("x|y") were tried and failed. Never invents a column: when nothing
 * fits it throws, naming the columns it saw.
 */
export async function chooseCosmoMapping(
  ws: Workspace,
  relation: string,
  facts: TColumnFacts[],
  options: { explicit?: TCosmoMapping; excludedPairs?: string[] } = {},
): Promise<TCosmoChoice> {
  const explicit = Object.fromEntries(Object.entries(options.explicit ?? {}).filter(([, v]) => v)) as TCosmoMapping;
  const excluded = new Set(options.excludedPairs ?? []);
  for (const [key, column] of Object.entries(explicit)) {
    if (!facts.some((f) => f.name === column)) {
      throw new TargetUnreachableError(`mapping ${key} names column "${column}", which the data does not have; columns seen: ${describeColumns(facts)}`);
    }
  }
  const reasons: string[] = [];

  if (explicit.linkSourceBy && explicit.linkTargetBy) {
    return { kind: "links", mapping: explicit, reasons: ["links: from the given mapping"] };
  }
  let positions = explicit.pointsXBy && explicit.pointsYBy ? { x: explicit.pointsXBy, y: explicit.pointsYBy } : null;
  if (positions) reasons.push(`pointsXBy/pointsYBy: ${positions.x}/${positions.y} (given)`);
  const fixed = { x: explicit.pointsXBy, y: explicit.pointsYBy };
  if (!positions && !fixed.x && !fixed.y) {
    positions = namedPositions(facts, excluded);
    const links = positions ? null : namedLinks(facts);
    if (positions) reasons.push(`pointsXBy/pointsYBy: ${positions.x}/${positions.y} (named)`);
    if (links) {
      reasons.push(`linkSourceBy/linkTargetBy: ${links.source}/${links.target} (named)`);
      return { kind: "links", mapping: { ...explicit, linkSourceBy: links.source, linkTargetBy: links.target }, reasons };
    }
  }
  if (!positions) {
    positions = bestNumericPair(facts, excluded, fixed);
    if (positions) reasons.push(`pointsXBy/pointsYBy: ${positions.x}/${positions.y} (most complete, most varied numeric pair)`);
  }
  if (positions) {
    const extras = pointExtras(facts, new Set([positions.x, positions.y]), explicit, reasons);
    return { kind: "points", mapping: { ...explicit, pointsXBy: positions.x, pointsYBy: positions.y, ...extras }, reasons };
  }
  const endpoints = await overlappingEndpoints(ws, relation, facts);
  if (endpoints) {
    reasons.push(`linkSourceBy/linkTargetBy: ${endpoints.source}/${endpoints.target} (${Math.round(endpoints.overlap * 100)}% shared values)`);
    return { kind: "links", mapping: { ...explicit, linkSourceBy: endpoints.source, linkTargetBy: endpoints.target }, reasons };
  }
  const tried = excluded.size ? ` (already tried: ${[...excluded].map((p) => p.replace("|", "/")).join(", ")})` : "";
  throw new TargetUnreachableError(
    `cannot make cosmo-ready: no numeric column pair for positions${tried} and no source/target columns for links; columns seen: ${describeColumns(facts)}`,
  );
}
