import type { TOperation } from "../../schemas/operations.ts";
import type { TLedger } from "../../schemas/ledger.ts";
import { tableColumns } from "../sample.ts";
import { ident, type Workspace } from "../workspace.ts";
import { compileOperation, compileOperations, guardPlan, hiddenColumns, parseOperation } from "./compile.ts";
import { LedgerBuilder } from "./ledger-builder.ts";

/** A window function (`… OVER (…)`) in a derived column may emit rows in another order. */
const WINDOW = /\bover\s*\(/i;

/** Whether an operation leaves the rows it keeps in the order it read them. */
function keepsRowOrder(op: TOperation): boolean {
  if (op.op === "sort" || op.op === "dedupe") return false;
  return op.op !== "derive" || !WINDOW.test(op.expression);
}

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
  // Stages that only remove rows are views over the stage before (a filter is cheaper to read twice
  // than to write once); the others are tables, so a rewrite is computed once. `made` lists every
  // stage relation, to drop at the end.
  const made: { relation: string; view: boolean }[] = [{ relation: stage(0), view: true }];
  await ws.run(
    `CREATE OR REPLACE VIEW ${stage(0)} AS SELECT *, rowid AS ${ident(hidden.ord)}, rowid AS ${ident(hidden.rid)} FROM ${ident(source)}`,
  );
  const ledger = new LedgerBuilder(ws, hidden);
  let before = { relation: stage(0), columns: sourceColumns, rows: await ledger.rowCount(stage(0)) };
  ledger.start(before.rows);
  let ordered = true;
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
      const view = compiled.where !== undefined;
      await ws.run(`CREATE OR REPLACE ${view ? "VIEW" : "TABLE"} ${relation} AS ${compiled.body}`);
      made.push({ relation, view });
      const after = {
        relation,
        columns: view
          ? before.columns
          : (await tableColumns(ws, `${into}__stage${i + 1}`)).filter((c) => c.name !== hidden.ord && c.name !== hidden.rid),
        rows: await ledger.rowCount(relation),
      };
      // A table stage that kept every row in order lines up with the stage before row by row.
      const aligned = !view && after.rows === before.rows && keepsRowOrder(op);
      await ledger.account(op, i, before, after, { where: compiled.where, aligned });
      ordered &&= keepsRowOrder(op);
      before = after;
    }
    const keep = options.keepSourceRow
      ? [...before.columns.map((c) => ident(c.name)), ident(hidden.rid)]
      : before.columns.map((c) => ident(c.name));
    // Scans, filters and row-wise rewrites keep the rows in order; sorting is needed only after a step that may move them.
    await ws.run(
      `CREATE OR REPLACE TABLE ${ident(into)} AS SELECT ${keep.join(", ") || "*"} FROM ${before.relation}${ordered ? "" : ` ORDER BY ${ident(hidden.ord)}`}`,
    );
  } finally {
    for (const { relation, view } of made.reverse()) await ws.run(`DROP ${view ? "VIEW" : "TABLE"} IF EXISTS ${relation}`);
  }
  return { sql: `CREATE OR REPLACE TABLE ${ident(into)} AS\n${plan.sql}`, columns: plan.columns, ledger: ledger.finish(before.rows) };
}
