import type { TOperation } from "../../schemas/operations.ts";
import type { TStatRule } from "../../schemas/validation.ts";
import { describeColumns, isUniqueish } from "../preparing/column-facts.ts";
import { compileOperations } from "../preparing/compile.ts";
import { ident, literal } from "../workspace.ts";
import { cachedCleanStage } from "./clean.ts";
import { TargetUnreachableError, type TTargetContext, type TTargetPlan } from "./types.ts";

/** A legend stays readable up to this many categories; rarer values become "Other". */
export const MAX_PLOT_CATEGORIES = 20;

/** Clean (which also types date-like text as dates), require a numeric column, cap category counts. */
export async function planPlotReady(ctx: TTargetContext): Promise<TTargetPlan> {
  const stage = await cachedCleanStage(ctx);
  const { facts } = stage;
  if (!facts.columns.some((f) => f.kind === "integer" || f.kind === "number")) {
    throw new TargetUnreachableError(`cannot make plot-ready: no numeric column to plot; columns seen: ${describeColumns(facts.columns)}`);
  }
  const operations: TOperation[] = [...stage.operations];
  const notes = [...stage.notes];
  const rules: TStatRule[] = [{ metric: "row_count", operator: "gt", value: 0 }];
  const cleaned = compileOperations({ table: ctx.table, columns: ctx.columns.map((c) => c.name) }, stage.operations).unordered;

  for (const f of facts.columns) {
    // Unique-ish text (names, labels) is a label, not a category: leave it whole.
    if (f.kind !== "string" || f.distinct <= MAX_PLOT_CATEGORIES || isUniqueish(f)) continue;
    const c = ident(f.name);
    const top = await ctx.ws.rowsJS(
      `SELECT ${c} AS v, count(*) AS n FROM (${cleaned}) WHERE ${c} IS NOT NULL GROUP BY 1 ORDER BY n DESC, v LIMIT ${MAX_PLOT_CATEGORIES - 1}`,
    );
    const values = top.map((r) => literal(String(r.v)));
    operations.push({ op: "derive", column: f.name, expression: `CASE WHEN ${c} IS NULL OR ${c} IN (${values.join(", ")}) THEN ${c} ELSE 'Other' END` });
    rules.push({ metric: "distinct_count", column: f.name, operator: "lte", value: MAX_PLOT_CATEGORIES });
    notes.push(`${f.name}: kept the ${values.length} most frequent of ${f.distinct} categories, the rest as "Other"`);
  }
  return { operations, dropped: stage.dropped, notes, check: { kind: "info_dict", rules } };
}
