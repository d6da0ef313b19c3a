import type { TCosmoMapping } from "../schemas/cosmo.ts";
import type { TValidationSpec } from "../schemas/validation.ts";
import type { TStep } from "../schemas/workflow.ts";
import { sameJson } from "./canonical-json.ts";
import { resultKey, storeFile } from "./checkpoints.ts";
import { EXPORT_CONTENT_TYPES, EXPORT_EXTENSIONS, exportTable, linksExportProblem } from "./export.ts";
import { checkInputLimits, InputLimitError } from "./input-limits.ts";
import { loadNodesAndLinks } from "./loading/load-nodes-and-links.ts";
import { LoadError } from "./loading/types.ts";
import { prepareTable } from "./preparing/prepare-table.ts";
import { profileTable } from "./profiling/profile-table.ts";
import type { TAttempt, TEngineDeps, TRunOutput, TRunRequest } from "./run-types.ts";
import type { TQuickProfile } from "./profiling/types.ts";
import type { TValidationReport } from "./validation/types.ts";
import { validateTable } from "./validation/validate-table.ts";
import type { Workspace } from "./workspace.ts";

/** The run's working table; SQL assertions refer to it by this name. */
export const TABLE = "data";
/** The links between the points of `TABLE`, when the input held both (a `{nodes, links}` document). */
export const LINKS = "links";

/** The loading agent's retries are cheap parameter changes (encoding, delimiter, padding, quoting), not a repeat of a failure: no retry budget turns them off. */
const LOADING_MIN_ATTEMPTS = 4;

/** A step that ran and failed; its metadata (attempts, reports) still belongs in the step result. */
export class StepRunError extends Error {
  override name = "StepRunError";
  constructor(
    message: string,
    readonly metadata: Record<string, unknown>,
  ) {
    super(message);
  }
}

export type TStepContext = {
  ws: Workspace;
  deps: TEngineDeps;
  req: TRunRequest;
  /** Local path of the input file, when a loading step is to run. */
  inputPath: string | null;
  hasTable: boolean;
  /** The local Parquet file of the table as it is now (its last checkpoint), while no step has changed it since. */
  tableFile: string | null;
  /** The workspace holds the `LINKS` table beside the points. */
  hasLinks: boolean;
  /** The Cosmograph mapping the last preparing step chose, for a following cosmo-ready check. */
  mapping?: TCosmoMapping;
  /** The check the last preparing step passed, while no step has changed the table since: a validation step asking the same reuses its report. */
  passedCheck?: { spec: TValidationSpec; report: TValidationReport };
  log: (level: "info" | "warn", message: string, data?: Record<string, unknown>) => void;
};

const errorMessage = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** Retries a step whose failures may be transient (I/O); deterministic failures end the same way each time. */
async function withRetries<T>(
  ctx: TStepContext,
  step: TStep,
  maxRetries: number,
  fn: () => Promise<T>,
): Promise<{ value: T; attempts: TAttempt[] }> {
  const attempts: TAttempt[] = [];
  for (let attempt = 1; ; attempt++) {
    try {
      const value = await fn();
      attempts.push({ attempt, step: step.type, success: true });
      return { value, attempts };
    } catch (err) {
      if (ctx.req.signal.aborted) throw err;
      attempts.push({ attempt, step: step.type, success: false, error: errorMessage(err) });
      if (attempt > maxRetries) throw new StepRunError(errorMessage(err), { success: false, attempts, numAttempts: attempts.length });
      ctx.log("warn", `step "${step.name}" attempt ${attempt} failed, retrying: ${errorMessage(err)}`, { attempt });
    }
  }
}

const linksOf = (ctx: TStepContext) => (ctx.hasLinks ? LINKS : undefined);

function requireTable(ctx: TStepContext, step: TStep) {
  if (!ctx.hasTable) throw new StepRunError(`step "${step.name}" needs data: add a loading step before it`, { success: false });
}

/** Runs one step against the workspace table and returns its metadata (aw's shapes), plus the run output for export. */
export async function runStep(
  ctx: TStepContext,
  step: TStep,
  maxRetries: number,
): Promise<{ metadata: Record<string, unknown>; output?: TRunOutput; shape?: TQuickProfile }> {
  const { ws, req } = ctx;
  if (step.type === "loading" || step.type === "preparing") ctx.passedCheck = undefined;
  switch (step.type) {
    case "loading": {
      if (!req.input || !ctx.inputPath) throw new StepRunError("a loading step needs an input file", { success: false });
      try {
        // A gzip bomb or a header of thousands of columns is refused before DuckDB reads it, as an upload's profile does.
        if (ctx.deps.inputLimits) await checkInputLimits(ctx.inputPath, req.input.filename, ctx.deps.inputLimits, req.signal);
        const maxAttempts = Math.max(maxRetries + 1, LOADING_MIN_ATTEMPTS);
        const result = await loadNodesAndLinks(ws, {
          path: ctx.inputPath,
          filename: req.input.filename,
          options: step.config,
          table: TABLE,
          linksTable: LINKS,
          maxAttempts,
        });
        ctx.hasTable = true;
        ctx.hasLinks = result.links !== undefined;
        const { rowCount, columnCount, columns } = result.tableInfo;
        return { metadata: { ...result, sourceUri: req.input.filename }, shape: { rowCount, columnCount, columns } };
      } catch (err) {
        if (err instanceof LoadError)
          throw new StepRunError(err.message, { success: false, attempts: err.attempts, numAttempts: err.attempts.length });
        if (err instanceof InputLimitError)
          throw new StepRunError(err.message, { success: false, sourceUri: req.input.filename, attempts: [], numAttempts: 0 });
        throw err;
      }
    }
    case "profiling": {
      requireTable(ctx, step);
      const { value, attempts } = await withRetries(ctx, step, maxRetries, () => profileTable(ws, TABLE, step.config));
      return { metadata: { success: true, ...value, attempts } };
    }
    case "preparing": {
      requireTable(ctx, step);
      const wantsLlm = step.config.useLlm || req.globalConfig.llm.enabled;
      const llm = wantsLlm && ctx.deps.llm ? { ...ctx.deps.llm, model: req.globalConfig.llm.model ?? ctx.deps.llm.model } : undefined;
      if (wantsLlm && !llm) ctx.log("warn", "the step asks for the LLM planner but none is configured; using the deterministic agent");
      const result = await prepareTable(ws, TABLE, step.config, {
        maxRetries,
        llm,
        signal: req.signal,
        onLog: ctx.log,
        links: linksOf(ctx),
        onCheckPassed: (spec, report) => (ctx.passedCheck = { spec, report }),
      });
      if (!result.success) throw new StepRunError(result.error ?? "preparation failed", result);
      if (result.mapping) ctx.mapping = result.mapping;
      // Only cosmo-ready judges the links against the points: other targets may remove points that links name.
      const removed = result.ledger.rowsIn - result.ledger.rowsOut;
      if (ctx.hasLinks && step.config.target !== "cosmo-ready" && removed > 0) {
        const note = `${removed} point${removed === 1 ? "" : "s"} removed; the links were left as they are and may name them: a cosmo-ready check counts such links`;
        ctx.log("warn", note);
        result.notes.push(note);
      }
      return { metadata: result };
    }
    case "validation": {
      requireTable(ctx, step);
      let spec = step.config.spec;
      // A cosmo-ready check right after preparation judges the columns that preparation chose.
      if (spec.kind === "functional" && spec.check === "cosmo-ready" && !spec.mapping && ctx.mapping)
        spec = { ...spec, mapping: ctx.mapping };
      // The table is the one the preparing step checked: the same check gives the same report.
      const report =
        ctx.passedCheck && sameJson(ctx.passedCheck.spec, spec)
          ? ctx.passedCheck.report
          : await validateTable(ws, TABLE, spec, { links: linksOf(ctx) });
      const metadata = {
        success: report.passed,
        ...report,
        params: spec,
        attempts: [{ attempt: 1, step: "validation", success: report.passed }],
      };
      if (!report.passed) {
        const first = report.failures
          .slice(0, 3)
          .map((f) => f.message)
          .join("; ");
        throw new StepRunError(`validation failed (${report.failures.length} failures): ${first}`, metadata);
      }
      return { metadata };
    }
    case "export": {
      requireTable(ctx, step);
      const { format } = step.config;
      const problem = ctx.hasLinks ? linksExportProblem(format) : null;
      if (problem) throw new StepRunError(problem, { success: false });
      const extension = EXPORT_EXTENSIONS[format];
      const { value, attempts } = await withRetries(ctx, step, maxRetries, async () => {
        // The table's checkpoint already holds these bytes: Parquet of an unchanged table is not written twice.
        const exported =
          format === "parquet" && ctx.tableFile && !ctx.hasLinks
            ? { path: ctx.tableFile, contentType: EXPORT_CONTENT_TYPES.parquet }
            : await exportTable(ws, TABLE, { format, path: ws.file(`result${extension}`), links: linksOf(ctx) });
        const key = resultKey(req.runId, extension);
        const stored = await storeFile(ctx.deps.storage, key, exported.path, { contentType: exported.contentType, signal: req.signal });
        const output: TRunOutput = {
          storageKey: key,
          filename: step.config.filename ?? null,
          extension,
          format,
          contentType: exported.contentType,
          ...stored,
        };
        return output;
      });
      return { metadata: { success: true, output: value, attempts }, output: value };
    }
  }
}
