import type { TCosmoMapping } from "../../schemas/cosmo.ts";
import type { TValidationSpec } from "../../schemas/validation.ts";
import { columnKind } from "../profiling/profile-table.ts";
import { isNumericKind, relationFacts } from "../preparing/column-facts.ts";
import { jsonRows, tableColumns } from "../sample.ts";
import { chooseCosmoMapping } from "../targets/cosmo-mapping.ts";
import { ident, type Workspace } from "../workspace.ts";
import { failingRows } from "./failing-rows.ts";
import { MAX_EXAMPLES, type TValidationFailure } from "./types.ts";

/** Can Cosmograph draw this table with this mapping (inferred when not given)? */
export async function checkCosmoReady(ws: Workspace, table: string, given?: TCosmoMapping): Promise<TValidationFailure[]> {
  const columns = await tableColumns(ws, table);
  const inferred = !given || Object.values(given).every((v) => !v);
  // Distinct counts and ranges cost a full aggregate; only inferring a mapping needs them.
  const facts = await relationFacts(ws, ident(table), columns, { stats: inferred });
  if (facts.rowCount === 0) return [{ rule: "empty", message: "the table has no rows", count: 0, examples: [] }];
  let mapping = given;
  if (inferred || !mapping) {
    try {
      mapping = (await chooseCosmoMapping(ws, ident(table), facts.columns)).mapping;
    } catch (err) {
      return [{ rule: "no_mapping", message: (err as Error).message, count: 1, examples: [] }];
    }
  }
  const typeOf = new Map(columns.map((c) => [c.name, c.type]));
  const failures: TValidationFailure[] = [];
  for (const [key, column] of Object.entries(mapping)) {
    if (column && !typeOf.has(column)) {
      failures.push({ rule: "mapping_column_missing", column, message: `${key} names "${column}", which is not a column; columns: ${columns.map((c) => c.name).join(", ")}`, count: 1, examples: [] });
    }
  }
  const present = (c: string | undefined): c is string => c !== undefined && typeOf.has(c);
  const { pointsXBy: x, pointsYBy: y, linkSourceBy: s, linkTargetBy: t } = mapping;
  if (!(x && y) && !(s && t)) {
    failures.push({ rule: "no_mapping", message: "the mapping has neither point positions (pointsXBy/pointsYBy) nor link endpoints (linkSourceBy/linkTargetBy)", count: 1, examples: [] });
  }
  for (const column of [x, y].filter(present)) {
    const c = ident(column);
    if (!isNumericKind(columnKind(typeOf.get(column) ?? ""))) {
      const rows = await failingRows(ws, table, "TRUE");
      failures.push({ rule: "positions_not_numeric", column, message: `position column "${column}" is ${typeOf.get(column)}, not numeric`, ...rows });
      continue;
    }
    const rows = await failingRows(ws, table, `NOT coalesce(isfinite(${c}::DOUBLE), false)`);
    if (rows.count) failures.push({ rule: "positions_not_finite", column, message: `position column "${column}" has ${rows.count} NULL or non-finite values`, ...rows });
  }
  const size = mapping.pointSizeBy;
  if (present(size) && !isNumericKind(columnKind(typeOf.get(size) ?? ""))) {
    failures.push({ rule: "size_not_numeric", column: size, message: `size column "${size}" is ${typeOf.get(size)}, not numeric`, count: 1, examples: [] });
  }
  for (const column of [s, t].filter(present)) {
    const rows = await failingRows(ws, table, `${ident(column)} IS NULL`);
    if (rows.count) failures.push({ rule: "link_endpoint_missing", column, message: `link column "${column}" has ${rows.count} NULL values`, ...rows });
  }
  return failures;
}

/** Runs a SELECT whose rows are failures; only a single SELECT, wrapped as a subquery, ever runs. */
export async function checkSqlAssertion(ws: Workspace, spec: { sql: string; description?: string }): Promise<TValidationFailure[]> {
  const sql = spec.sql.trim().replace(/;\s*$/, "");
  if (!/^(select|with)\b/i.test(sql) || sql.includes(";")) {
    return [{ rule: "sql_rejected", message: "the assertion must be a single SELECT query", count: 1, examples: [] }];
  }
  try {
    const [row] = await ws.rowsJS(`SELECT count(*) AS n FROM (${sql}) AS assertion`);
    const count = Number(row?.n ?? 0);
    if (count === 0) return [];
    const examples = await jsonRows(ws, `SELECT * FROM (${sql}) AS assertion LIMIT ${MAX_EXAMPLES}`);
    return [{ rule: "sql", message: `${spec.description ?? "SQL assertion"}: ${count} failing rows`, count, examples }];
  } catch (err) {
    if (err instanceof Error && err.name === "AbortError") throw err;
    return [{ rule: "sql_error", message: `the assertion failed to run: ${(err as Error).message}`, count: 1, examples: [] }];
  }
}

export async function checkFunctional(ws: Workspace, table: string, spec: Extract<TValidationSpec, { kind: "functional" }>): Promise<TValidationFailure[]> {
  return spec.check === "cosmo-ready" ? checkCosmoReady(ws, table, spec.mapping) : checkSqlAssertion(ws, spec);
}
