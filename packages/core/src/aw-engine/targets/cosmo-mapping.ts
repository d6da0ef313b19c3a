import type { TCosmoMapping } from "../../schemas/cosmo.ts";
import { describeColumns, isIdLike, isUniqueish, type TColumnFacts, type TRelationFacts } from "../preparing/column-facts.ts";
import type { Workspace } from "../workspace.ts";
import { endpointPairProblem, isNumeric, MAX_COLOR_CATEGORIES } from "./cosmo-columns.ts";
import { linkWeight, namedLinks, sharedValueEndpoints, type TEndpoints } from "./cosmo-endpoints.ts";
import { rankedPointIds, requireUniqueIds } from "./cosmo-ids.ts";
import { bestPositionPair, namedPositions, positionTypeProblem, type TPositions } from "./cosmo-positions.ts";
import { TargetUnreachableError } from "./types.ts";

export type TCosmoChoice = {
  kind: "points" | "links";
  mapping: TCosmoMapping;
  /** Why each column was chosen, e.g. "pointsXBy/pointsYBy: longitude/latitude (named)". */
  reasons: string[];
  /** Points without a unique column: the planner numbers the rows to give them ids. */
  needsRowId: boolean;
};

const SIZE_HINT = /size|population|pop|count|value|weight|mass|radius|amount|total/i;
const COLOR_HINT = /category|type|group|class|cluster|country|region|kind|label|continent|state/i;
const LABEL_HINT = /name|label|title|city/i;

/** Size, colour, label and id of points, from the columns not `taken` (explicit choices win). */
export function pointExtras(
  facts: TRelationFacts,
  taken: Set<string>,
  explicit: TCosmoMapping,
  reasons: string[],
): { extras: TCosmoMapping; needsRowId: boolean } {
  const free = facts.columns.filter((f) => !taken.has(f.name) && f.nonNull > 0);
  const hinted = (list: TColumnFacts[], hint: RegExp) => list.find((f) => hint.test(f.name)) ?? list[0];

  const sizes = free.filter((f) => isNumeric(f) && !isIdLike(f) && (f.min ?? 0) > 0);
  const colors = free.filter(
    (f) => (f.kind === "string" || f.kind === "boolean") && f.distinct >= 2 && f.distinct < MAX_COLOR_CATEGORIES && !isUniqueish(f),
  );
  const labels = free.filter((f) => f.kind === "string" && isUniqueish(f));

  const size = explicit.pointSizeBy ?? hinted(sizes, SIZE_HINT)?.name;
  const color = explicit.pointColorBy ?? hinted(colors, COLOR_HINT)?.name;
  const label = explicit.pointLabelBy ?? hinted(labels, LABEL_HINT)?.name;
  // No unique column: the planner numbers the rows.
  const id = explicit.pointIdBy ?? rankedPointIds(facts, taken)[0]?.name;
  if (size && !explicit.pointSizeBy) reasons.push(`pointSizeBy: ${size} (positive numeric)`);
  if (color && !explicit.pointColorBy) reasons.push(`pointColorBy: ${color} (categorical, < ${MAX_COLOR_CATEGORIES} distinct)`);
  if (label && !explicit.pointLabelBy) reasons.push(`pointLabelBy: ${label} (unique-ish text)`);
  if (id && !explicit.pointIdBy) reasons.push(`pointIdBy: ${id} (unique in every row)`);
  const extras = {
    ...(size ? { pointSizeBy: size } : {}),
    ...(color ? { pointColorBy: color } : {}),
    ...(label ? { pointLabelBy: label } : {}),
    ...(id ? { pointIdBy: id } : {}),
  };
  return { extras, needsRowId: !id };
}

function links(explicit: TCosmoMapping, facts: TColumnFacts[], endpoints: TEndpoints, reasons: string[]): TCosmoChoice {
  const weight = explicit.linkWeightBy ?? linkWeight(facts, endpoints);
  if (weight && !explicit.linkWeightBy) reasons.push(`linkWeightBy: ${weight} (numeric, named like a weight)`);
  const mapping = {
    ...explicit,
    linkSourceBy: endpoints.source,
    linkTargetBy: endpoints.target,
    ...(weight ? { linkWeightBy: weight } : {}),
  };
  return { kind: "links", mapping, reasons, needsRowId: false };
}

/** Refuses a mapping that names missing columns, positions of an unusable type, or ids that are not unique. */
async function checkExplicit(ws: Workspace, relation: string, facts: TRelationFacts, explicit: TCosmoMapping) {
  const byName = new Map(facts.columns.map((f) => [f.name, f]));
  for (const [key, column] of Object.entries(explicit)) {
    if (!byName.has(column)) {
      throw new TargetUnreachableError(
        `mapping ${key} names column "${column}", which the data does not have; columns seen: ${describeColumns(facts.columns)}`,
      );
    }
  }
  for (const key of ["pointsXBy", "pointsYBy"] as const) {
    const f = byName.get(explicit[key] ?? "");
    const problem = f && positionTypeProblem(key, f);
    if (problem) throw new TargetUnreachableError(problem);
  }
  const [source, target] = [byName.get(explicit.linkSourceBy ?? ""), byName.get(explicit.linkTargetBy ?? "")];
  const problem = source && target && endpointPairProblem(source, target);
  if (problem) throw new TargetUnreachableError(problem);
  if (explicit.pointIdBy) await requireUniqueIds(ws, relation, facts, explicit.pointIdBy);
}

/**
 * Picks Cosmograph columns from facts about the (cleaned) data. Explicit mapping entries win;
 * pairs in `excludedPairs` ("x|y") were tried and failed. Never invents a column: when nothing
 * fits it throws, naming the columns it saw and why none could serve.
 */
export async function chooseCosmoMapping(
  ws: Workspace,
  relation: string,
  facts: TRelationFacts,
  options: { explicit?: TCosmoMapping; excludedPairs?: string[] } = {},
): Promise<TCosmoChoice> {
  const explicit = Object.fromEntries(Object.entries(options.explicit ?? {}).filter(([, v]) => v)) as TCosmoMapping;
  const excluded = new Set(options.excludedPairs ?? []);
  await checkExplicit(ws, relation, facts, explicit);
  const reasons: string[] = [];

  if (explicit.linkSourceBy && explicit.linkTargetBy) {
    reasons.push("links: from the given mapping");
    return links(explicit, facts.columns, { source: explicit.linkSourceBy, target: explicit.linkTargetBy }, reasons);
  }
  const fixed = { x: explicit.pointsXBy, y: explicit.pointsYBy };
  let positions: TPositions | null = fixed.x && fixed.y ? { x: fixed.x, y: fixed.y } : null;
  if (positions) reasons.push(`pointsXBy/pointsYBy: ${positions.x}/${positions.y} (given)`);
  if (!positions && !fixed.x && !fixed.y) {
    positions = namedPositions(facts.columns, excluded);
    if (positions) reasons.push(`pointsXBy/pointsYBy: ${positions.x}/${positions.y} (named)`);
    const named = positions ? null : namedLinks(facts.columns);
    if (named) {
      reasons.push(`linkSourceBy/linkTargetBy: ${named.source}/${named.target} (named)`);
      return links(explicit, facts.columns, named, reasons);
    }
  }
  if (!positions) {
    positions = bestPositionPair(facts.columns, excluded, fixed);
    if (positions) reasons.push(`pointsXBy/pointsYBy: ${positions.x}/${positions.y} (most complete, most varied pair)`);
  }
  if (positions) {
    const { extras, needsRowId } = pointExtras(facts, new Set([positions.x, positions.y]), explicit, reasons);
    return { kind: "points", mapping: { ...explicit, pointsXBy: positions.x, pointsYBy: positions.y, ...extras }, reasons, needsRowId };
  }
  const shared = await sharedValueEndpoints(ws, relation, facts.columns);
  if (shared.endpoints) {
    const { source, target, containment } = shared.endpoints;
    reasons.push(
      `linkSourceBy/linkTargetBy: ${source}/${target} (${Math.round(containment * 100)}% of the smaller column's values appear in the other)`,
    );
    return links(explicit, facts.columns, shared.endpoints, reasons);
  }
  const tried = excluded.size ? ` (already tried: ${[...excluded].map((p) => p.replace("|", "/")).join(", ")})` : "";
  const notLinks = shared.rejected.length ? `; not link endpoints: ${shared.rejected.join(", ")}` : "";
  const asPoints =
    explicit.pointIdBy || explicit.pointColorBy ? "; a table of points needs pointsXBy/pointsYBy, or its links alongside it" : "";
  throw new TargetUnreachableError(
    `cannot make cosmo-ready: no numeric, date or timestamp column pair for positions${tried} and no source/target columns for links${notLinks}${asPoints}; columns seen: ${describeColumns(facts.columns)}`,
  );
}
