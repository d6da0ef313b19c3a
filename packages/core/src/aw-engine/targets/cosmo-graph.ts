import type { TCosmoMapping } from "../../schemas/cosmo.ts";
import { describeColumns, type TColumnFacts, type TRelationFacts } from "../preparing/column-facts.ts";
import { ident, type Workspace } from "../workspace.ts";
import { isNumeric, isTemporalKind, notAnEndpoint } from "./cosmo-columns.ts";
import { linkWeight, namedLinks } from "./cosmo-endpoints.ts";
import { rankedPointIds, requireUniqueIds } from "./cosmo-ids.ts";
import { pointExtras } from "./cosmo-mapping.ts";
import { namedPositions, type TPositions } from "./cosmo-positions.ts";
import { TargetUnreachableError } from "./types.ts";

/** One table of a nodes-and-links pair: a relation and facts about it. */
export type TGraphSide = { relation: string; facts: TRelationFacts };

/** A link column references the points when at least this share of its distinct values are point ids. */
const MIN_REFERENCE_SHARE = 0.5;

/** Per link column, the share of its distinct non-NULL values that are values of the points' `id` (compared as text, as Cosmograph does). */
async function referenceShares(
  ws: Workspace,
  points: TGraphSide,
  links: TGraphSide,
  id: string,
  columns: TColumnFacts[],
): Promise<Map<string, number>> {
  const ids = `(SELECT CAST(${ident(id)} AS VARCHAR) FROM ${points.relation})`;
  const parts = columns.map((f, i) => {
    const v = `CAST(${ident(f.name)} AS VARCHAR)`;
    return `count(DISTINCT ${v}) FILTER (WHERE ${v} IN ${ids}) AS r${i}, count(DISTINCT ${v}) AS d${i}`;
  });
  const [row] = await ws.rowsJS(`SELECT ${parts.join(", ")} FROM ${links.relation}`);
  return new Map(columns.map((f, i) => [f.name, Number(row?.[`d${i}`]) > 0 ? Number(row?.[`r${i}`]) / Number(row?.[`d${i}`]) : 0]));
}

/**
 * Nodes and links together: which unique point column the links name, and which link columns name
 * it. Endpoints are only columns whose values are mostly point ids (given or named ones must be
 * too), so a category code shared by chance never becomes a link. Throws with the shares seen.
 */
export async function chooseGraphKeys(
  ws: Workspace,
  points: TGraphSide,
  links: TGraphSide,
  explicit: TCosmoMapping = {},
): Promise<{ mapping: TCosmoMapping; reasons: string[] }> {
  if (explicit.pointIdBy) await requireUniqueIds(ws, points.relation, points.facts, explicit.pointIdBy);
  const ids = explicit.pointIdBy
    ? points.facts.columns.filter((f) => f.name === explicit.pointIdBy)
    : rankedPointIds(points.facts, new Set());
  if (ids.length === 0)
    throw new TargetUnreachableError(
      `no point column is unique in every row, so links cannot name points; point columns: ${describeColumns(points.facts.columns)}`,
    );
  const given =
    explicit.linkSourceBy && explicit.linkTargetBy
      ? { source: explicit.linkSourceBy, target: explicit.linkTargetBy }
      : namedLinks(links.facts.columns);
  // Unnamed endpoints follow the edge-list rule: category codes (a weight of 1–4) are no candidates.
  const columns = links.facts.columns.filter((f) =>
    given
      ? [given.source, given.target].includes(f.name)
      : (f.kind === "string" || f.kind === "integer") && f.nonNull > 0 && !notAnEndpoint(f),
  );

  const seen: string[] = [];
  let best: { id: string; source: string; target: string; score: number } | null = null;
  for (const id of ids) {
    const shares = await referenceShares(ws, points, links, id.name, columns);
    seen.push(`${id.name}: ${[...shares].map(([c, s]) => `${c} ${Math.round(s * 100)}%`).join(", ")}`);
    const [source, target] = given
      ? [given.source, given.target]
      : [...shares.keys()].toSorted((a, b) => (shares.get(b) ?? 0) - (shares.get(a) ?? 0));
    const [s, t] = [shares.get(source ?? "") ?? 0, shares.get(target ?? "") ?? 0];
    if (source && target && Math.min(s, t) >= MIN_REFERENCE_SHARE && (!best || s + t > best.score))
      best = { id: id.name, source, target, score: s + t };
  }
  if (!best) {
    throw new TargetUnreachableError(
      `no two link columns name the points: share of each link column's values that are point ids, per id column: ${seen.join("; ")}`,
    );
  }
  const endpoints = { source: best.source, target: best.target };
  const weight = explicit.linkWeightBy ?? linkWeight(links.facts.columns, endpoints);
  const reasons = [
    `pointIdBy: ${best.id} (unique; the links name points by it)`,
    `linkSourceBy/linkTargetBy: ${best.source}/${best.target} (their values are point ids)`,
  ];
  if (weight && !explicit.linkWeightBy) reasons.push(`linkWeightBy: ${weight} (numeric, named like a weight)`);
  return {
    mapping: { pointIdBy: best.id, linkSourceBy: best.source, linkTargetBy: best.target, ...(weight ? { linkWeightBy: weight } : {}) },
    reasons,
  };
}

/** A position every point has: a finite number, or a date or timestamp (placed as epoch seconds). */
const placesEveryPoint = (f: TColumnFacts | undefined, rowCount: number) =>
  !!f && f.nonNull === rowCount && ((isNumeric(f) && f.nonFinite === 0) || isTemporalKind(f.kind));

/**
 * Positions of the points of a graph: the given ones, else named ones (x/y, longitude/latitude)
 * that every point has. Never an arbitrary numeric pair, and no point is dropped for lacking a
 * position (its links would dangle): without positions Cosmograph lays the graph out itself.
 */
function graphPositions(facts: TRelationFacts, explicit: TCosmoMapping, reasons: string[]): TPositions | null {
  if (explicit.pointsXBy && explicit.pointsYBy) return { x: explicit.pointsXBy, y: explicit.pointsYBy };
  const named = namedPositions(facts.columns, new Set());
  if (!named) {
    reasons.push("positions: none named, Cosmograph lays the graph out from its links");
    return null;
  }
  const column = (name: string) => facts.columns.find((f) => f.name === name);
  if (placesEveryPoint(column(named.x), facts.rowCount) && placesEveryPoint(column(named.y), facts.rowCount)) {
    reasons.push(`pointsXBy/pointsYBy: ${named.x}/${named.y} (named)`);
    return named;
  }
  reasons.push(
    `positions: ${named.x}/${named.y} left out, not every point has a finite one and a point cannot be removed without cutting its links; Cosmograph lays the graph out`,
  );
  return null;
}

/**
 * The whole Cosmograph mapping of points with links beside them: the keys that join them, the
 * points' positions when they have them, and their size, colour and label.
 */
export async function chooseGraphMapping(
  ws: Workspace,
  points: TGraphSide,
  links: TGraphSide,
  explicit: TCosmoMapping = {},
): Promise<{ mapping: TCosmoMapping; reasons: string[] }> {
  const keys = await chooseGraphKeys(ws, points, links, explicit);
  const reasons = [...keys.reasons];
  const positions = graphPositions(points.facts, explicit, reasons);
  const id = keys.mapping.pointIdBy ?? "";
  const taken = new Set([id, ...(positions ? [positions.x, positions.y] : [])]);
  const { extras } = pointExtras(points.facts, taken, { ...explicit, pointIdBy: id }, reasons);
  return {
    mapping: { ...explicit, ...extras, ...keys.mapping, ...(positions ? { pointsXBy: positions.x, pointsYBy: positions.y } : {}) },
    reasons,
  };
}
