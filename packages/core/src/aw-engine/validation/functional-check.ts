import type { TValidationSpec } from "../../schemas/validation.ts";
import { DomainError } from "../../errors.ts";
import { jsonRows } from "../sample.ts";
import { guardAssertion } from "../sql-guard.ts";
import type { Workspace } from "../workspace.ts";
import { checkCosmoReady, type TCosmoCheckOptions } from "./cosmo-ready-check.ts";
import { MAX_EXAMPLES, type TValidationFailure } from "./types.ts";

/** Runs a SELECT whose rows are failures; only a single SELECT, wrapped as a subquery, ever runs. */
export async function checkSqlAssertion(ws: Workspace, spec: { sql: string; description?: string }): Promise<TValidationFailure[]> {
  const sql = spec.sql.trim().replace(/;\s*$/, "");
  if (!/^(select|with)\b/i.test(sql) || sql.includes(";")) {
    return [{ rule: "sql_rejected", message: "the assertion must be a single SELECT query", count: 1, examples: [] }];
  }
  try {
    await guardAssertion(ws, sql);
    const [row] = await ws.rowsJS(`SELECT count(*) AS n FROM (${sql}) AS assertion`);
    const count = Number(row?.n ?? 0);
    if (count === 0) return [];
    const examples = await jsonRows(ws, `SELECT * FROM (${sql}) AS assertion LIMIT ${MAX_EXAMPLES}`);
    return [{ rule: "sql", message: `${spec.description ?? "SQL assertion"}: ${count} failing rows`, count, examples }];
  } catch (err) {
    if (err instanceof Error && err.name === "AbortError") throw err;
    if (err instanceof DomainError) return [{ rule: "sql_rejected", message: err.message, count: 1, examples: [] }];
    return [{ rule: "sql_error", message: `the assertion failed to run: ${(err as Error).message}`, count: 1, examples: [] }];
  }
}

export async function checkFunctional(
  ws: Workspace,
  table: string,
  spec: Extract<TValidationSpec, { kind: "functional" }>,
  options: TCosmoCheckOptions = {},
): Promise<TValidationFailure[]> {
  return spec.check === "cosmo-ready" ? checkCosmoReady(ws, table, spec.mapping, options) : checkSqlAssertion(ws, spec);
}
