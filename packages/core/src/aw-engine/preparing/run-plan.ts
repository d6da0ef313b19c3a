import type { TOperation } from "../../schemas/operations.ts";
import type { TLedger } from "../../schemas/ledger.ts";
import { tableColumns } from "../sample.ts";
import { ident, type Workspace } from "../workspace.ts";
import { compileOperation, compileOperations, guardPlan, hiddenColumns, parseOperation } from "./compile.ts";
import { LedgerBuilder } from "./ledger-builder.ts";

export type TPlanRun = { sql: string; columns: string[]; ledger: TLedger };

export type TRunPlanOptions = {
  /** Keep the hidden source-row column (`__aw_rid`, or the name in `hidden.rid`) in the result, to compare it with the source. */
  keepSourceRow?: boolean;
};

/**
 * Runs `operations` over `source` one stage at a time and materialises the result as table `into`
 * (source untouched). Each stage is compared with the one before, so the ledger counts every row
 * removed, column added, dropped, renamed or retyped, and value changed, with its reason.
 */
export async function runPlan(
  ws: Workspace,
  source: string,
  operations: TOperation[],
  into: string,
  options: TRunPlanOptions = {},
): Promise<TPlanRun> {
  const sourceColumns = await tableColumns(ws, source);
  const names = sourceColumns.map((c) => c.name);
  const hidden = hiddenColumns(names);
  const plan = compileOperations({ table: source, columns: names }, operations);
  await guardPlan(ws, operations);
  const stage = (i: number) => ident(`${into}__stage${i}`);
  await ws.run(
    `CREATE OR REPLACE VIEW ${stage(0)} AS SELECT *, rowid AS ${ident(hidden.ord)}, rowid AS ${ident(hidden.rid)} FROM ${ident(source)}`,
  );
  const ledger = new LedgerBuilder(ws, hidden);
  let before = { relation: stage(0), columns: sourceColumns, rows: await ledger.rowCount(stage(0)) };
  ledger.start(before.rows);
  try {
    for (const [i, raw] of operations.entries()) {
      const op = parseOperation(raw, i);
      const compiled = compileOperation(
        op,
        i,
        before.relation,
        before.columns.map((c) => c.name),
        hidden,
      );
      const relation = stage(i + 1);
      await ws.run(`CREATE OR REPLACE TABLE ${relation} AS ${compiled.body}`);
      const after = {
        relation,
        columns: (await tableColumns(ws, `${into}__stage${i + 1}`)).filter((c) => c.name !== hidden.ord && c.name !== hidden.rid),
        rows: await ledger.rowCount(relation),
      };
      await ledger.account(op, i, before, after);
      await ws.run(i === 0 ? `DROP VIEW ${before.relation}` : `DROP TABLE ${before.relation}`);
      before = after;
    }
    const keep = options.keepSourceRow
      ? [...before.columns.map((c) => ident(c.name)), ident(hidden.rid)]
      : before.columns.map((c) => ident(c.name));
    await ws.run(
      `CREATE OR REPLACE TABLE ${ident(into)} AS SELECT ${keep.join(", ") || "*"} FROM ${before.relation} ORDER BY ${ident(hidden.ord)}`,
    );
  } finally {
    await ws.run(`DROP VIEW IF EXISTS ${stage(0)}`);
    for (let i = 1; i <= operations.length; i++) await ws.run(`DROP TABLE IF EXISTS ${stage(i)}`);
  }
  return { sql: `CREATE OR REPLACE TABLE ${ident(into)} AS\n${plan.sql}`, columns: plan.columns, ledger: ledger.finish(before.rows) };
}
