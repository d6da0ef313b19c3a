import type { TOperation } from "../../schemas/operations.ts";
import type { TStatRule } from "../../schemas/validation.ts";
import { describeColumns, isUniqueish, type TColumnFacts } from "../preparing/column-facts.ts";
import { compileOperations } from "../preparing/compile.ts";
import { mostFrequentSql } from "../workspace.ts";
import { cachedCleanStage } from "./clean.ts";
import { TargetUnreachableError, type TTargetContext, type TTargetPlan } from "./types.ts";

/** A legend stays readable up to this many categories; rarer values become "Other". */
export const MAX_PLOT_CATEGORIES = 20;

/** Columns named like labels or identifiers are never categories, whatever their counts. */
const LABEL_NAME = /name|title|label|id$|_id|code|key|description|comment|text|address|url/i;

/**
 * Text that labels rows rather than grouping them: label-like names, or values mostly distinct
 * (more than one distinct value per two rows), where an "Other" bucket would hide most of them.
 */
const isLabelLike = (f: TColumnFacts) => LABEL_NAME.test(f.name) || isUniqueish(f) || f.distinct * 2 > f.nonNull;

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
    // Only text categories are bucketed: dates, numbers, identifiers and free-text labels stay whole.
    if (f.kind !== "string" || f.distinct <= MAX_PLOT_CATEGORIES) continue;
    if (isLabelLike(f)) {
      notes.push(`${f.name}: ${f.distinct} distinct values kept whole (labels or identifiers, not categories)`);
      continue;
    }
    const top = await ctx.ws.rowsJS(mostFrequentSql(`(${cleaned})`, f.name, MAX_PLOT_CATEGORIES - 1));
    const keep = top.map((r) => String(r.v));
    operations.push({
      op: "bucket",
      column: f.name,
      keep,
      other: "Other",
      reason: `${f.name}: values outside the ${keep.length} most frequent of ${f.distinct} categories read as "Other"`,
    });
    rules.push({ metric: "distinct_count", column: f.name, operator: "lte", value: MAX_PLOT_CATEGORIES });
    notes.push(`${f.name}: kept the ${keep.length} most frequent of ${f.distinct} categories, the rest as "Other"`);
  }
  return { operations, dropped: stage.dropped, notes, check: { kind: "info_dict", rules } };
}
