import type { TCosmoMapping } from "../../schemas/cosmo.ts";
import type { TOperation } from "../../schemas/operations.ts";
import { isNumericKind, relationFacts, type TColumnFacts, type TRelationFacts } from "../preparing/column-facts.ts";
import { compileOperations } from "../preparing/compile.ts";
import { ident, type Workspace } from "../workspace.ts";
import { cachedCleanStage, type TCleanStage } from "./clean.ts";
import { isTemporalKind } from "./cosmo-columns.ts";
import { chooseGraphMapping } from "./cosmo-graph.ts";
import { freeColumnName } from "./cosmo-ids.ts";
import { chooseCosmoMapping } from "./cosmo-mapping.ts";
import type { TTargetContext, TTargetPlan } from "./types.ts";

type TCosmoMemory = {
  excludedPairs?: string[];
  castPositions?: boolean;
  lastPair?: string;
  pairWasChosen?: boolean;
  linkFacts?: TRelationFacts;
};

/** Learns from the last check: cast text positions to numbers, or give up on a pair that left no rows. */
function revise(memory: TCosmoMemory, ctx: TTargetContext, notes: string[]) {
  const rules = new Set((ctx.feedback ?? []).map((f) => f.rule));
  if (rules.has("positions_not_numeric") && !memory.castPositions) {
    memory.castPositions = true;
    notes.push("revision: positions were not numeric, casting them to DOUBLE");
  } else if (memory.lastPair && memory.pairWasChosen) {
    memory.excludedPairs = [...(memory.excludedPairs ?? []), memory.lastPair];
    notes.push(`revision: ${memory.lastPair.replace("|", "/")} failed the check, trying the next pair`);
  }
}

/** Rows without a position in a numeric column: NULL or not finite. Null for other columns, whose values are converted first. */
const unplaced = (f: TColumnFacts, facts: TRelationFacts) => (isNumericKind(f.kind) ? facts.rowCount - f.nonNull + f.nonFinite : null);

/**
 * Rows where either of two columns fails. When one column never fails, the other's count from the
 * facts is the answer, and the relation (cleaning included) is not computed again.
 */
async function rowsFailingEither(
  ws: Workspace,
  relation: string,
  facts: TRelationFacts,
  [a, b]: [string, string],
  failing: (f: TColumnFacts, facts: TRelationFacts) => number | null,
  where: (a: string, b: string) => string,
): Promise<number> {
  const of = (name: string) => {
    const f = facts.columns.find((c) => c.name === name);
    return f ? failing(f, facts) : null;
  };
  const [na, nb] = [of(a), of(b)];
  if (na === 0 && nb !== null) return nb;
  if (nb === 0 && na !== null) return na;
  const [row] = await ws.rowsJS(`SELECT count(*) FILTER (WHERE ${where(a, b)}) AS n FROM ${relation}`);
  return Number(row?.n ?? 0);
}

/** Dates and timestamps become epoch seconds, text becomes DOUBLE once the check asked for it: positions are numbers. */
function positionConversions(facts: TRelationFacts, columns: string[], castText: boolean, notes: string[]): TOperation[] {
  const operations: TOperation[] = [];
  for (const column of columns) {
    const f = facts.columns.find((c) => c.name === column);
    if (!f) continue;
    if (isTemporalKind(f.kind)) {
      operations.push({
        op: "derive",
        column,
        expression: `epoch(${ident(column)})`,
        reason: `position ${column} is ${f.type}: Cosmograph places points by numbers, so it becomes epoch seconds`,
      });
      notes.push(`${column}: ${f.type} → epoch seconds`);
    } else if (castText && !isNumericKind(f.kind)) {
      operations.push({ op: "cast", column, to: "double", reason: `position ${column} is ${f.type}: Cosmograph places points by numbers` });
    }
  }
  return operations;
}

const EXTRAS = ["pointSizeBy", "pointColorBy", "pointLabelBy"] as const;

/** A size, colour or label the planner chose may hold values only in rows without a position: it is left out, not drawn empty. */
async function leaveOutEmptyExtras(ctx: TTargetContext, mapping: TCosmoMapping, placed: string, notes: string[]) {
  const chosen = EXTRAS.filter((key) => mapping[key] && !ctx.config.mapping?.[key]);
  if (chosen.length === 0) return;
  const [row] = await ctx.ws.rowsJS(
    `SELECT ${chosen.map((key, i) => `count(${ident(mapping[key] ?? "")}) AS c${i}`).join(", ")} FROM ${placed}`,
  );
  chosen.forEach((key, i) => {
    if (Number(row?.[`c${i}`]) > 0) return;
    notes.push(`${key}: ${mapping[key]} left out, it has no value in the rows that have a position`);
    delete mapping[key];
  });
}

/**
 * Points with their links beside them: the points are cleaned and keep their positions when every
 * one has them; no point is removed (its links would dangle) and the links are left as they are,
 * so the check counts every link that names no point.
 */
async function planPointsWithLinks(
  ctx: TTargetContext,
  links: NonNullable<TTargetContext["links"]>,
  stage: TCleanStage,
  relation: string,
  notes: string[],
): Promise<TTargetPlan> {
  const memory = ctx.memory as TCosmoMemory;
  memory.linkFacts ??= await relationFacts(ctx.ws, ident(links.table), links.columns);
  const choice = await chooseGraphMapping(
    ctx.ws,
    { relation, facts: stage.facts },
    { relation: ident(links.table), facts: memory.linkFacts },
    ctx.config.mapping,
  );
  const { mapping } = choice;
  const operations = [...stage.operations];
  if (mapping.pointsXBy && mapping.pointsYBy)
    operations.push(...positionConversions(stage.facts, [mapping.pointsXBy, mapping.pointsYBy], memory.castPositions === true, notes));
  return {
    operations,
    mapping,
    dropped: stage.dropped,
    notes: [...notes, ...stage.notes, ...choice.reasons],
    counts: {},
    check: { kind: "functional", check: "cosmo-ready", mapping },
  };
}

/** Clean, choose Cosmograph columns, then keep only rows Cosmograph can draw, each removal with its reason. */
export async function planCosmoReady(ctx: TTargetContext): Promise<TTargetPlan> {
  const memory = ctx.memory as TCosmoMemory;
  const notes: string[] = [];
  if (ctx.feedback) revise(memory, ctx, notes);
  const stage = await cachedCleanStage(ctx);
  const source = { table: ctx.table, columns: ctx.columns.map((c) => c.name) };
  const relation = (ops: TOperation[]) => `(${compileOperations(source, ops).unordered})`;
  if (ctx.links) return planPointsWithLinks(ctx, ctx.links, stage, relation(stage.operations), notes);
  const choice = await chooseCosmoMapping(ctx.ws, relation(stage.operations), stage.facts, {
    explicit: ctx.config.mapping,
    excludedPairs: memory.excludedPairs,
  });
  const mapping = { ...choice.mapping };
  const operations: TOperation[] = [...stage.operations];
  const counts: Record<string, number> = {};

  if (choice.kind === "points" && mapping.pointsXBy && mapping.pointsYBy) {
    const [x, y] = [mapping.pointsXBy, mapping.pointsYBy];
    memory.lastPair = `${x}|${y}`;
    memory.pairWasChosen = !(ctx.config.mapping?.pointsXBy && ctx.config.mapping.pointsYBy);
    operations.push(...positionConversions(stage.facts, [x, y], memory.castPositions === true, notes));
    const finite = (c: string) => `coalesce(isfinite(TRY_CAST(${ident(c)} AS DOUBLE)), false)`;
    counts.rowsWithoutPosition = await rowsFailingEither(
      ctx.ws,
      relation(operations),
      stage.facts,
      [x, y],
      unplaced,
      (a, b) => `NOT (${finite(a)} AND ${finite(b)})`,
    );
    const reason = `no finite ${x}/${y} position: Cosmograph cannot place the point`;
    operations.push({ op: "filter", column: x, operator: "finite", reason }, { op: "filter", column: y, operator: "finite", reason });
    notes.push(`dropped ${counts.rowsWithoutPosition} rows whose ${x}/${y} is NULL or not finite`);
    if (counts.rowsWithoutPosition > 0) await leaveOutEmptyExtras(ctx, mapping, relation(operations), notes);
    if (choice.needsRowId) {
      const id = freeColumnName(compileOperations(source, operations).columns, "point_id");
      operations.push({ op: "derive", column: id, expression: "row_number() OVER ()", reason: "no unique column: synthesised a row id" });
      mapping.pointIdBy = id;
      notes.push(`pointIdBy: ${id} (no column is unique in every row, so the rows are numbered)`);
    }
  } else if (mapping.linkSourceBy && mapping.linkTargetBy) {
    const [s, t] = [mapping.linkSourceBy, mapping.linkTargetBy];
    counts.linksWithoutEndpoint = await rowsFailingEither(
      ctx.ws,
      relation(operations),
      stage.facts,
      [s, t],
      (f, facts) => facts.rowCount - f.nonNull,
      (a, b) => `${ident(a)} IS NULL OR ${ident(b)} IS NULL`,
    );
    operations.push({ op: "drop_nulls", columns: [s, t], how: "any", reason: `a link needs both ${s} and ${t}` });
    notes.push(`dropped ${counts.linksWithoutEndpoint} links with a missing ${s} or ${t}`);
  }
  return {
    operations,
    mapping,
    dropped: stage.dropped,
    notes: [...notes, ...stage.notes, ...choice.reasons],
    counts,
    check: { kind: "functional", check: "cosmo-ready", mapping },
  };
}
