import type { TCosmoMapping } from "../../schemas/cosmo.ts";
import type { TColumnInfo } from "../loading/types.ts";
import { relationFacts, type TColumnFacts, type TRelationFacts } from "../preparing/column-facts.ts";
import { tableColumns } from "../sample.ts";
import { endpointPairProblem, isNumeric, isTemporalKind, MAX_COLOR_CATEGORIES } from "../targets/cosmo-columns.ts";
import { chooseGraphMapping } from "../targets/cosmo-graph.ts";
import { chooseCosmoMapping } from "../targets/cosmo-mapping.ts";
import { TargetUnreachableError } from "../targets/types.ts";
import { ident, type Workspace } from "../workspace.ts";
import { danglingWhere, sharesValue } from "./cosmo-integrity.ts";
import { failingRows } from "./failing-rows.ts";
import type { TValidationFailure } from "./types.ts";

/** Mapping entries that name columns of the links (the rest name columns of the points). */
const LINK_KEYS = new Set<keyof TCosmoMapping>(["linkSourceBy", "linkTargetBy", "linkWeightBy"]);

export type TCosmoCheckOptions = {
  /** The table holding the links between the points of the checked table (nodes and links loaded together). */
  links?: string;
};

type TFail = (rule: string, column: string | undefined, message: string, rows?: Pick<TValidationFailure, "count" | "examples">) => void;
type TSide = { table: string; columns: TColumnInfo[]; facts: Map<string, TColumnFacts> };

/** Facts about the columns of `table` that `mapping` names under the keys `wanted` accepts. */
async function mappedFacts(
  ws: Workspace,
  table: string,
  columns: TColumnInfo[],
  mapping: TCosmoMapping,
  wanted: (key: keyof TCosmoMapping) => boolean,
) {
  const names = new Set(Object.entries(mapping).flatMap(([key, column]) => (column && wanted(key as keyof TCosmoMapping) ? [column] : [])));
  return relationFacts(
    ws,
    ident(table),
    columns.filter((c) => names.has(c.name)),
    { stats: true },
  );
}

const byName = (facts: TRelationFacts) => new Map(facts.columns.map((f) => [f.name, f]));
const EMPTY: TValidationFailure = { rule: "empty", message: "the table has no rows", count: 0, examples: [] };

/**
 * Can Cosmograph draw this table with this mapping (inferred when not given)? Checks what the
 * cosmo-ready target promises: the mapped columns exist and hold values, positions are finite
 * numbers, point ids are unique, colours are few enough to tell apart, sizes and weights are
 * numbers, and link endpoints are present, name the same kind of point, and name existing points.
 */
export async function checkCosmoReady(
  ws: Workspace,
  table: string,
  given?: TCosmoMapping,
  options: TCosmoCheckOptions = {},
): Promise<TValidationFailure[]> {
  const columns = await tableColumns(ws, table);
  const inferred = !given || Object.values(given).every((v) => !v);
  let mapping = given ?? {};
  // Inferring a mapping needs facts about every column; checking a given one only about the mapped ones.
  let facts: TRelationFacts;
  if (inferred) {
    facts = await relationFacts(ws, ident(table), columns, { stats: true });
    if (facts.rowCount === 0) return [EMPTY];
    try {
      mapping = options.links
        ? await inferGraphMapping(ws, { table, facts }, options.links)
        : (await chooseCosmoMapping(ws, ident(table), facts)).mapping;
    } catch (err) {
      if (!(err instanceof TargetUnreachableError)) throw err;
      return [{ rule: "no_mapping", message: err.message, count: 1, examples: [] }];
    }
  } else {
    facts = await mappedFacts(ws, table, columns, mapping, (key) => !options.links || !LINK_KEYS.has(key));
    if (facts.rowCount === 0) return [EMPTY];
  }
  const points: TSide = { table, columns, facts: byName(facts) };
  let links = points;
  if (options.links) {
    const linkColumns = await tableColumns(ws, options.links);
    links = {
      table: options.links,
      columns: linkColumns,
      facts: byName(await mappedFacts(ws, options.links, linkColumns, mapping, (key) => LINK_KEYS.has(key))),
    };
  }

  const failures: TValidationFailure[] = [];
  const fail: TFail = (rule, column, message, rows = { count: 1, examples: [] }) => {
    failures.push({ rule, ...(column ? { column } : {}), message, ...rows });
  };
  const usable = new Map<string, TColumnFacts>();
  for (const [key, column] of Object.entries(mapping) as [keyof TCosmoMapping, string | undefined][]) {
    if (!column) continue;
    const side = LINK_KEYS.has(key) ? links : points;
    const f = side.facts.get(column);
    if (!f)
      fail(
        "mapping_column_missing",
        column,
        `${key} names "${column}", which is not a column${options.links ? ` of ${side.table}` : ""}; columns: ${side.columns.map((c) => c.name).join(", ")}`,
      );
    else if (f.nonNull === 0) fail("mapping_column_empty", column, `${key} names "${column}", which is entirely NULL`);
    else usable.set(key, f);
  }
  const { pointsXBy: x, pointsYBy: y, linkSourceBy: s, linkTargetBy: t } = mapping;
  // Cosmograph draws points where their positions say, or lays them out along their links.
  if (!(x && y) && !(s && t)) {
    fail(
      "no_mapping",
      undefined,
      "the mapping has neither point positions (pointsXBy/pointsYBy) nor link endpoints (linkSourceBy/linkTargetBy): points need positions, or links to be laid out by",
    );
  }
  if (options.links && s && t && !mapping.pointIdBy) {
    fail(
      "point_id_unmapped",
      undefined,
      `the mapping has no pointIdBy, so the ${s}/${t} values of the links in ${options.links} cannot be matched to points`,
    );
  }
  await checkPositions(ws, points.table, [usable.get("pointsXBy"), usable.get("pointsYBy")], fail);
  await checkPointIds(ws, points.table, usable.get("pointIdBy"), fail);
  const color = usable.get("pointColorBy");
  if (color && !isNumeric(color) && color.distinct > MAX_COLOR_CATEGORIES) {
    fail(
      "color_too_many",
      color.name,
      `colour column "${color.name}" has ${color.distinct} distinct values; at most ${MAX_COLOR_CATEGORIES} categories can be told apart`,
    );
  }
  for (const key of ["pointSizeBy", "linkWeightBy"] as const) {
    const f = usable.get(key);
    if (f && !isNumeric(f))
      fail(
        key === "pointSizeBy" ? "size_not_numeric" : "weight_not_numeric",
        f.name,
        `${key} column "${f.name}" is ${f.type}, not numeric`,
      );
  }
  await checkEndpoints(
    ws,
    links.table,
    [usable.get("linkSourceBy"), usable.get("linkTargetBy")],
    usable.has("pointIdBy") && mapping.pointIdBy ? { relation: ident(points.table), id: mapping.pointIdBy } : null,
    fail,
  );
  return failures;
}

/** The mapping the planner would choose for points with their links beside them. */
async function inferGraphMapping(ws: Workspace, points: { table: string; facts: TRelationFacts }, links: string): Promise<TCosmoMapping> {
  const linkFacts = await relationFacts(ws, ident(links), await tableColumns(ws, links));
  return (
    await chooseGraphMapping(ws, { relation: ident(points.table), facts: points.facts }, { relation: ident(links), facts: linkFacts })
  ).mapping;
}

async function checkPositions(ws: Workspace, table: string, positions: (TColumnFacts | undefined)[], fail: TFail) {
  for (const f of positions) {
    if (!f) continue;
    if (isTemporalKind(f.kind)) {
      fail(
        "positions_not_numeric",
        f.name,
        `position column "${f.name}" is ${f.type}: convert it to epoch numbers`,
        await failingRows(ws, table, "TRUE"),
      );
    } else if (!isNumeric(f)) {
      fail("positions_not_numeric", f.name, `position column "${f.name}" is ${f.type}, not numeric`, await failingRows(ws, table, "TRUE"));
    } else {
      const rows = await failingRows(ws, table, `NOT coalesce(isfinite(${ident(f.name)}::DOUBLE), false)`);
      if (rows.count) fail("positions_not_finite", f.name, `position column "${f.name}" has ${rows.count} NULL or non-finite values`, rows);
    }
  }
}

async function checkPointIds(ws: Workspace, table: string, id: TColumnFacts | undefined, fail: TFail) {
  if (!id) return;
  const missing = await failingRows(ws, table, `${ident(id.name)} IS NULL`);
  if (missing.count) fail("point_id_missing", id.name, `point id column "${id.name}" has ${missing.count} NULL values`, missing);
  const shared = await failingRows(ws, table, sharesValue(ident(table), id.name));
  if (shared.count) {
    fail(
      "point_id_not_unique",
      id.name,
      `point id column "${id.name}" is not unique: ${shared.count} rows share their id with another row (${id.distinct} distinct ids in ${id.nonNull} rows)`,
      shared,
    );
  }
}

async function checkEndpoints(
  ws: Workspace,
  table: string,
  [s, t]: (TColumnFacts | undefined)[],
  points: { relation: string; id: string } | null,
  fail: TFail,
) {
  const problem = s && t ? endpointPairProblem(s, t) : null;
  if (problem) fail("link_endpoints_not_references", undefined, problem);
  for (const f of [s, t]) {
    if (!f) continue;
    const missing = await failingRows(ws, table, `${ident(f.name)} IS NULL`);
    if (missing.count) fail("link_endpoint_missing", f.name, `link column "${f.name}" has ${missing.count} NULL values`, missing);
    if (!points) continue;
    const dangling = await failingRows(ws, table, danglingWhere(f.name, points));
    if (!dangling.count) continue;
    const values = [...new Set(dangling.examples.map((row) => JSON.stringify(row[f.name])))].join(", ");
    fail(
      "link_endpoint_dangling",
      f.name,
      `link column "${f.name}": ${dangling.count} links reference ids not among the points' ${points.id} values, e.g. ${values}`,
      dangling,
    );
  }
}
