import type { TStatRule, TValidationSpec } from "../../schemas/validation.ts";
import { isNumericKind } from "../preparing/column-facts.ts";
import { columnKind } from "../profiling/profile-table.ts";
import type { TColumnInfo } from "../loading/types.ts";
import { tableColumns } from "../sample.ts";
import { ident, type Workspace } from "../workspace.ts";
import { MAX_EXAMPLES, type TValidationFailure } from "./types.ts";

type TMetric = TStatRule["metric"];
const TABLE_METRICS: TMetric[] = ["row_count", "column_count"];
const NUMERIC_METRICS: TMetric[] = ["min", "max", "mean", "std"];

const SYMBOL: Record<TStatRule["operator"], string> = { eq: "=", neq: "≠", gt: ">", gte: "≥", lt: "<", lte: "≤" };

function holds(actual: number, rule: TStatRule): boolean {
  switch (rule.operator) {
    case "eq":
      return actual === rule.value;
    case "neq":
      return actual !== rule.value;
    case "gt":
      return actual > rule.value;
    case "gte":
      return actual >= rule.value;
    case "lt":
      return actual < rule.value;
    case "lte":
      return actual <= rule.value;
  }
}

/** Exact statistics of every column the rules mention, in one scan. */
async function columnStats(ws: Workspace, table: string, columns: TColumnInfo[], withDistinct: boolean) {
  const parts = ["count(*) AS n"];
  columns.forEach((col, i) => {
    const c = ident(col.name);
    parts.push(`count(${c}) AS c${i}_nn`);
    // Exact distinct counts are the expensive part; compute them only when a rule asks.
    if (withDistinct) parts.push(`count(DISTINCT ${c}) AS c${i}_d`);
    if (isNumericKind(columnKind(col.type))) {
      parts.push(
        `min(${c})::DOUBLE AS c${i}_min`,
        `max(${c})::DOUBLE AS c${i}_max`,
        `avg(${c})::DOUBLE AS c${i}_mean`,
        `stddev_samp(${c})::DOUBLE AS c${i}_std`,
      );
    }
  });
  const [row] = await ws.rowsJS(`SELECT ${parts.join(", ")} FROM ${ident(table)}`);
  const rowCount = Number(row?.n ?? 0);
  const stat = (i: number, metric: TMetric): number | null => {
    const get = (k: string) => (row?.[`c${i}_${k}`] === null || row?.[`c${i}_${k}`] === undefined ? null : Number(row[`c${i}_${k}`]));
    const nonNull = get("nn") ?? 0;
    switch (metric) {
      case "null_count":
        return rowCount - nonNull;
      case "null_fraction":
        return rowCount ? (rowCount - nonNull) / rowCount : 0;
      case "distinct_count":
        return get("d");
      case "distinct_fraction":
        return nonNull ? (get("d") ?? 0) / nonNull : 0;
      default:
        return get(metric);
    }
  };
  return { rowCount, stat };
}

/**
 * Evaluates each rule over computed statistics. A column metric without a column applies to every
 * column it makes sense for; one failure per rule lists the columns that break it.
 */
export async function checkInfoDict(
  ws: Workspace,
  table: string,
  spec: Extract<TValidationSpec, { kind: "info_dict" }>,
): Promise<TValidationFailure[]> {
  const columns = await tableColumns(ws, table);
  const withDistinct = spec.rules.some((r) => r.metric.startsWith("distinct"));
  const { rowCount, stat } = await columnStats(ws, table, columns, withDistinct);
  const failures: TValidationFailure[] = [];

  for (const rule of spec.rules) {
    const name = `${rule.metric} ${SYMBOL[rule.operator]} ${rule.value}`;
    if (TABLE_METRICS.includes(rule.metric)) {
      const actual = rule.metric === "row_count" ? rowCount : columns.length;
      if (!holds(actual, rule))
        failures.push({
          rule: name,
          message: `${rule.metric} is ${actual}, expected ${name}`,
          count: 1,
          examples: [{ metric: rule.metric, actual }],
        });
      continue;
    }
    if (rule.column !== undefined && !columns.some((c) => c.name === rule.column)) {
      failures.push({
        rule: name,
        column: rule.column,
        message: `column "${rule.column}" is missing; columns: ${columns.map((c) => c.name).join(", ")}`,
        count: 1,
        examples: [],
      });
      continue;
    }
    const targets = columns
      .map((c, i) => ({ ...c, i }))
      .filter((c) => (rule.column === undefined ? true : c.name === rule.column))
      .filter((c) => !NUMERIC_METRICS.includes(rule.metric) || isNumericKind(columnKind(c.type)) || rule.column !== undefined);
    const broken = targets
      .map((c) => ({ column: c.name, actual: stat(c.i, rule.metric) }))
      .filter((r) => r.actual === null || !holds(r.actual, rule));
    if (broken.length) {
      const list = broken.map((b) => `${b.column} = ${b.actual === null ? "n/a" : Number(b.actual.toPrecision(6))}`).join(", ");
      failures.push({
        rule: name,
        ...(rule.column !== undefined ? { column: rule.column } : {}),
        message: `${rule.metric} breaks ${name} for ${broken.length} column(s): ${list}`,
        count: broken.length,
        examples: broken.slice(0, MAX_EXAMPLES).map((b) => ({ metric: rule.metric, column: b.column, actual: b.actual })),
      });
    }
  }
  return failures;
}
