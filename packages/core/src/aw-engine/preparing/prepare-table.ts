import { DomainError } from "../../errors.ts";
import type { TCosmoMapping } from "../../schemas/cosmo.ts";
import { emptyLedger, type TLedger } from "../../schemas/ledger.ts";
import type { TOperation } from "../../schemas/operations.ts";
import type { TValidationSpec } from "../../schemas/validation.ts";
import type { TPreparingConfig } from "../../schemas/workflow.ts";
import type { TLlmConfig, TLlmPlanOutcome } from "../llm/planner.ts";
import { planWithLlm } from "../llm/planner.ts";
import { quickProfile } from "../profiling/profile-table.ts";
import type { TQuickProfile } from "../profiling/types.ts";
import type { TAttempt } from "../run-types.ts";
import { tableColumns } from "../sample.ts";
import { TARGET_PLANNERS } from "../targets/index.ts";
import { TargetUnreachableError, type TDroppedColumn, type TTargetPlan } from "../targets/types.ts";
import type { TValidationFailure, TValidationReport } from "../validation/types.ts";
import { validateTable } from "../validation/validate-table.ts";
import { ident, type Workspace } from "../workspace.ts";
import { runPlan } from "./run-plan.ts";

export type TLogFn = (level: "info" | "warn", message: string, data?: Record<string, unknown>) => void;

export type TPrepareOptions = {
  /** Revisions after the first attempt. */
  maxRetries: number;
  /** When given, the LLM proposes the first plan (the caller decides whether the step wants it). */
  llm?: TLlmConfig;
  signal?: AbortSignal;
  onLog?: TLogFn;
  /** The table of links between the rows of `table` (nodes and links): planned with, checked against, never changed. */
  links?: string;
  /** Told the check and the report of the plan that passed, which is then the table's. */
  onCheckPassed?: (spec: TValidationSpec, report: TValidationReport) => void;
};

/** aw's preparing metadata, camelCase, plus the plan and the decisions behind it. */
export type TPrepareResult = {
  success: boolean;
  target: TPreparingConfig["target"];
  planner: "deterministic" | "llm";
  initialInfo: TQuickProfile;
  finalInfo: TQuickProfile | null;
  plan: TOperation[];
  sql: string | null;
  mapping?: TCosmoMapping;
  dropped: TDroppedColumn[];
  notes: string[];
  counts: Record<string, number>;
  /** Everything the plan did to the data, counted (of the last attempt; of no change when none ran). */
  ledger: TLedger;
  validationResult: { params: Record<string, unknown>; passed: boolean; failures: TValidationFailure[] };
  attempts: TAttempt[];
  error?: string;
};

const summarise = (failures: TValidationFailure[]) => failures.map((f) => f.message).join("; ");

/**
 * Prepares `table` in place toward `config.target`: plan, compile to SQL, run into a scratch
 * table, check it against the target's functional check, and on failure revise the plan from the
 * failures and retry. The source table is replaced only by a plan that passed.
 */
export async function prepareTable(
  ws: Workspace,
  table: string,
  config: TPreparingConfig,
  options: TPrepareOptions,
): Promise<TPrepareResult> {
  const log: TLogFn = options.onLog ?? (() => {});
  const initialInfo = await quickProfile(ws, table);
  const columns = await tableColumns(ws, table);
  const scratch = `${table}__prepared`;
  const links = options.links ? { table: options.links, columns: await tableColumns(ws, options.links) } : undefined;
  const attempts: TAttempt[] = [];
  const memory: Record<string, unknown> = {};
  let feedback: TValidationFailure[] | null = null;
  let last = null as { plan: TTargetPlan; sql: string | null; ledger: TLedger | null; report: TValidationReport | null } | null;
  let error: string | undefined;
  let planner: TPrepareResult["planner"] = "deterministic";

  let llmPlan: TLlmPlanOutcome | null = null;
  if (options.llm) {
    llmPlan = await planWithLlm(ws, table, config, options.llm, { maxRetries: options.maxRetries, signal: options.signal, onLog: log });
    if (llmPlan.operations) planner = "llm";
    else log("warn", `LLM planner gave no usable plan, using the deterministic agent: ${llmPlan.reason}`);
  }

  for (let attempt = 1; attempt <= options.maxRetries + 1; attempt++) {
    options.signal?.throwIfAborted();
    let plan: TTargetPlan;
    try {
      const deterministic = await TARGET_PLANNERS[config.target]({ ws, table, columns, links, config, feedback, memory });
      // The LLM proposes operations; the target's own check still judges them.
      plan =
        llmPlan?.operations && attempt === 1
          ? { ...deterministic, operations: llmPlan.operations, notes: ["plan proposed by the LLM"] }
          : deterministic;
      if (attempt > 1) planner = "deterministic";
    } catch (err) {
      if (!(err instanceof TargetUnreachableError || err instanceof DomainError)) throw err;
      error = err.message;
      attempts.push({ attempt, step: "preparing", success: false, error });
      break;
    }
    // A deterministic planner with nothing to learn from the failure proposes the same plan again.
    if (last && JSON.stringify(last.plan.operations) === JSON.stringify(plan.operations)) {
      error = `no revision: the plan is the same as attempt ${attempt - 1}, which failed: ${error ?? "check failed"}`;
      attempts.push({ attempt, step: "preparing", success: false, error });
      break;
    }
    let sql: string | null = null;
    try {
      const run = await runPlan(ws, table, plan.operations, scratch);
      // The planner knows why each column went (e.g. "82% NULL"); the select that dropped it only knows it was not kept.
      const why = new Map(plan.dropped.map((d) => [d.column, d.reason]));
      for (const d of run.ledger.columns.dropped) d.reason = why.get(d.column) ?? d.reason;
      sql = run.sql;
      const report = plan.check ? await validateTable(ws, scratch, plan.check, { links: options.links }) : null;
      last = { plan, sql, ledger: run.ledger, report };
      const passed = report?.passed ?? true;
      error = passed ? undefined : summarise(report?.failures ?? []);
      attempts.push({ attempt, step: "preparing", success: passed, ...(error ? { error } : {}), sql });
      if (passed) {
        if (plan.check && report) options.onCheckPassed?.(plan.check, report);
        break;
      }
      feedback = report?.failures ?? [];
      if (attempt <= options.maxRetries) log("warn", `preparing attempt ${attempt} failed its check, revising: ${error}`, { attempt });
    } catch (err) {
      if (options.signal?.aborted) throw err;
      if (!(err instanceof Error)) throw err;
      error = err.message;
      attempts.push({ attempt, step: "preparing", success: false, error, ...(sql ? { sql } : {}) });
      feedback = [{ rule: "sql_error", message: err.message, count: 1, examples: [] }];
      last = { plan, sql, ledger: null, report: null };
      if (err instanceof DomainError) break;
    }
  }

  const success = attempts.at(-1)?.success === true;
  if (success) await ws.run(`DROP TABLE ${ident(table)}; ALTER TABLE ${ident(scratch)} RENAME TO ${ident(table)}`);
  else await ws.run(`DROP TABLE IF EXISTS ${ident(scratch)}`);
  const plan = last?.plan;
  return {
    success,
    target: config.target,
    planner,
    initialInfo,
    finalInfo: success ? await quickProfile(ws, table) : null,
    plan: plan?.operations ?? [],
    sql: last?.sql ?? null,
    ...(plan?.mapping ? { mapping: plan.mapping } : {}),
    dropped: plan?.dropped ?? [],
    notes: plan?.notes ?? [],
    counts: plan?.counts ?? {},
    ledger: (success ? last?.ledger : null) ?? emptyLedger(initialInfo.rowCount),
    validationResult: {
      params: {
        target: config.target,
        maxRetries: options.maxRetries,
        check: plan?.check ?? null,
        ...(config.mapping ? { mapping: config.mapping } : {}),
      },
      passed: last?.report?.passed ?? success,
      failures: last?.report?.failures ?? [],
    },
    attempts,
    ...(error && !success ? { error } : {}),
  };
}
