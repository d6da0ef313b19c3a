import type { TOperation } from "../../schemas/operations.ts";
import { compileOperations } from "../preparing/compile.ts";
import { ident } from "../workspace.ts";
import { cleanStage } from "./clean.ts";
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

/** Clean, choose Cosmograph columns, then keep only rows Cosmograph can draw. */
export async function planCosmoReady(ctx: TTargetContext): Promise<TTargetPlan> {
  const memory = ctx.memory as TCosmoMemory;
  const notes: string[] = [];
  if (ctx.feedback) revise(memory, ctx, notes);
  const stage = await cleanStage(ctx.ws, ctx.table, ctx.columns);
  const sourceColumns = ctx.columns.map((c) => c.name);
  const relation = `(${compileOperations({ table: ctx.table, columns: sourceColumns }, stage.operations).sql})`;
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
    const [row] = await ctx.ws.rowsJS(`SELECT count(*) FILTER (WHERE NOT (${finite(x)} AND ${finite(y)})) AS n FROM ${relation}`);
    counts.rowsWithoutPosition = Number(row?.n ?? 0);
    operations.push({ op: "filter", column: x, operator: "finite" }, { op: "filter", column: y, operator: "finite" });
    notes.push(`dropped ${counts.rowsWithoutPosition} rows whose ${x}/${y} is NULL or not finite`);
  } else if (mapping.linkSourceBy && mapping.linkTargetBy) {
    const [s, t] = [mapping.linkSourceBy, mapping.linkTargetBy];
    const [row] = await ctx.ws.rowsJS(`SELECT count(*) FILTER (WHERE ${ident(s)} IS NULL OR ${ident(t)} IS NULL) AS n FROM ${relation}`);
    counts.linksWithoutEndpoint = Number(row?.n ?? 0);
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
