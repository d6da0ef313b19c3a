import type { TOperation } from "../../schemas/operations.ts";
import { isNumericKind, type TColumnFacts, type TRelationFacts } from "../preparing/column-facts.ts";
import { compileOperations } from "../preparing/compile.ts";
import { ident, type Workspace } from "../workspace.ts";
import { cachedCleanStage } from "./clean.ts";
import { chooseCosmoMapping } from "./cosmo-mapping.ts";
import type { TTargetContext, TTargetPlan } from "./types.ts";

type TCosmoMemory = { excludedPairs?: string[]; castPositions?: boolean; lastPair?: string; pairWasChosen?: boolean };

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

/** Rows without a position in a numeric column: NULL or not finite. Null for other columns, whose values would need casting first. */
const unplaced = (f: TColumnFacts, facts: TRelationFacts) => (isNumericKind(f.kind) ? facts.rowCount - f.nonNull + f.nonFinite : null);

/**
 * Rows where either of two columns fails. When one column never fails, the other's count from the
 * facts is the answer, and the relation (cleaning and dedupe included) is not computed again.
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

/** Clean, choose Cosmograph columns, then keep only rows Cosmograph can draw. */
export async function planCosmoReady(ctx: TTargetContext): Promise<TTargetPlan> {
  const memory = ctx.memory as TCosmoMemory;
  const notes: string[] = [];
  if (ctx.feedback) revise(memory, ctx, notes);
  const stage = await cachedCleanStage(ctx);
  const sourceColumns = ctx.columns.map((c) => c.name);
  const relation = `(${compileOperations({ table: ctx.table, columns: sourceColumns }, stage.operations).unordered})`;
  const choice = await chooseCosmoMapping(ctx.ws, relation, stage.facts.columns, {
    explicit: ctx.config.mapping,
    excludedPairs: memory.excludedPairs,
  });
  const { mapping } = choice;
  const operations: TOperation[] = [...stage.operations];
  const counts: Record<string, number> = {};

  if (choice.kind === "points" && mapping.pointsXBy && mapping.pointsYBy) {
    const [x, y] = [mapping.pointsXBy, mapping.pointsYBy];
    memory.lastPair = `${x}|${y}`;
    memory.pairWasChosen = !(ctx.config.mapping?.pointsXBy && ctx.config.mapping.pointsYBy);
    if (memory.castPositions) {
      for (const column of [x, y]) {
        const kind = stage.facts.columns.find((f) => f.name === column)?.kind;
        if (kind !== "integer" && kind !== "number") operations.push({ op: "cast", column, to: "double" });
      }
    }
    const finite = (c: string) => `coalesce(isfinite(TRY_CAST(${ident(c)} AS DOUBLE)), false)`;
    counts.rowsWithoutPosition = await rowsFailingEither(ctx.ws, relation, stage.facts, [x, y], unplaced, (a, b) => `NOT (${finite(a)} AND ${finite(b)})`);
    operations.push({ op: "filter", column: x, operator: "finite" }, { op: "filter", column: y, operator: "finite" });
    notes.push(`dropped ${counts.rowsWithoutPosition} rows whose ${x}/${y} is NULL or not finite`);
  } else if (mapping.linkSourceBy && mapping.linkTargetBy) {
    const [s, t] = [mapping.linkSourceBy, mapping.linkTargetBy];
    counts.linksWithoutEndpoint = await rowsFailingEither(ctx.ws, relation, stage.facts, [s, t], (f, facts) => facts.rowCount - f.nonNull, (a, b) => `${ident(a)} IS NULL OR ${ident(b)} IS NULL`);
    operations.push({ op: "drop_nulls", columns: [s, t], how: "any" });
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
