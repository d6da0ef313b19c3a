import type { TOperation } from "../../schemas/operations.ts";
import { describeColumns, isIdLike, isUniqueish } from "../preparing/column-facts.ts";
import { freeName } from "../preparing/compile.ts";
import { cachedCleanStage } from "./clean.ts";
import { TargetUnreachableError, type TDroppedColumn, type TTargetContext, type TTargetPlan } from "./types.ts";

/** Text columns with more distinct values than this are not useful categories for a model. */
export const MAX_CATEGORIES = 50;

const percent = (share: number) => `${Math.round(share * 100)}%`;

/**
 * Clean, then keep numeric and low-cardinality categorical columns. Columns over the NULL
 * threshold are dropped; the NULLs of the others are imputed, each imputed column with a
 * `<column>_was_missing` indicator so a model can tell filled values apart.
 */
export async function planMlReady(ctx: TTargetContext): Promise<TTargetPlan> {
  const stage = await cachedCleanStage(ctx);
  const operations: TOperation[] = [...stage.operations];
  const dropped: TDroppedColumn[] = [...stage.dropped];
  const numeric: string[] = [];
  const categorical: string[] = [];
  const withNulls = new Set<string>();

  const maxNullShare = ctx.config.maxNullShare;
  const rows = stage.facts.rowCount;
  for (const f of stage.facts.columns) {
    const drop = (reason: string) => dropped.push({ column: f.name, reason });
    const nullShare = rows > 0 ? (rows - f.nonNull) / rows : 0;
    if (nullShare > maxNullShare) drop(`${percent(nullShare)} NULL, above the ${percent(maxNullShare)} threshold: too empty to impute`);
    else if (f.distinct <= 1) drop("constant: a single distinct value");
    else if (isIdLike(f)) drop("ID-like: one distinct value per row");
    else if (f.kind === "integer" || f.kind === "number") numeric.push(f.name);
    else if (f.kind === "boolean") categorical.push(f.name);
    else if (f.kind === "string") {
      if (isUniqueish(f)) drop("ID-like high-cardinality text");
      else if (f.distinct > MAX_CATEGORIES) drop(`high-cardinality text: ${f.distinct} distinct values (max ${MAX_CATEGORIES})`);
      else categorical.push(f.name);
    } else drop(`${f.type} is neither numeric nor categorical`);
    if (f.nonNull < stage.facts.rowCount) withNulls.add(f.name);
  }
  const kept = [...numeric, ...categorical];
  if (kept.length === 0) {
    throw new TargetUnreachableError(
      `cannot make ml-ready: no numeric or low-cardinality categorical column; columns seen: ${describeColumns(stage.facts.columns)}`,
    );
  }
  if (kept.length < stage.facts.columns.length) operations.push({ op: "select", columns: kept, reason: "not usable as a model feature" });
  const imputeNumeric = numeric.filter((c) => withNulls.has(c));
  const imputeCategorical = categorical.filter((c) => withNulls.has(c));
  const indicators: string[] = [];
  for (const name of [...imputeNumeric, ...imputeCategorical]) indicators.push(freeName(`${name}_was_missing`, [...kept, ...indicators]));
  const fill = (columns: string[], strategy: "median" | "mode") =>
    operations.push({
      op: "fill_nulls",
      columns,
      strategy,
      indicator: true,
      reason: `missing values imputed with the column's ${strategy}`,
    });
  if (imputeNumeric.length) fill(imputeNumeric, "median");
  if (imputeCategorical.length) fill(imputeCategorical, "mode");

  const notes = [
    ...stage.notes,
    `numeric: ${numeric.join(", ") || "(none)"}`,
    `categorical: ${categorical.join(", ") || "(none)"}`,
    ...(imputeNumeric.length ? [`median-imputed: ${imputeNumeric.join(", ")}`] : []),
    ...(imputeCategorical.length ? [`mode-imputed: ${imputeCategorical.join(", ")}`] : []),
    ...(indicators.length ? [`indicator columns for imputed values: ${indicators.join(", ")}`] : []),
  ];
  // The prepared table must hold exactly the kept columns and their indicators, with no NULL left.
  const columns = [...kept, ...indicators].map((name) => ({ name, type: "any" as const, required: true, nullable: false, unique: false }));
  return { operations, dropped, notes, check: { kind: "schema", columns, allowExtraColumns: false } };
}
