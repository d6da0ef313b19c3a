import type { TCastType, TOperation } from "../../schemas/operations.ts";
import { tableColumns } from "../sample.ts";
import { ident, type Workspace } from "../workspace.ts";
import { compileOperations } from "./compile.ts";

export type TCastReport = { column: string; to: TCastType; failed: number };
export type TPlanRun = { sql: string; columns: string[]; casts: TCastReport[] };

/** Compiles `operations` over `source` and materialises the result as table `into` (source untouched). */
export async function runPlan(ws: Workspace, source: string, operations: TOperation[], into: string): Promise<TPlanRun> {
  const columns = (await tableColumns(ws, source)).map((c) => c.name);
  const plan = compileOperations({ table: source, columns }, operations);
  const casts: TCastReport[] = [];
  for (const check of plan.castChecks) {
    const [row] = await ws.rowsJS(check.sql);
    casts.push({ column: check.column, to: check.to, failed: Number(row?.failed ?? 0) });
  }
  const sql = `CREATE OR REPLACE TABLE ${ident(into)} AS\n${plan.sql}`;
  await ws.run(sql);
  return { sql, columns: plan.columns, casts };
}
