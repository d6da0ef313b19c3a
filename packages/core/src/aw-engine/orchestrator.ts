import fs from "node:fs/promises";
import type { TCosmoMapping } from "../schemas/cosmo.ts";
import { emptyLedger, summariseLedger, ZLedgerSchema } from "../schemas/ledger.ts";
import type { TStep } from "../schemas/workflow.ts";
import { adoptStoredObject } from "../storage/read-cache.ts";
import { checkpointKey, linksCheckpointKey, restoreCheckpoint, resultKey, storeFile, tableKey, writeCheckpoint } from "./checkpoints.ts";
import { EXPORT_CONTENT_TYPES, EXPORT_EXTENSIONS, exportTable } from "./export.ts";
import { quickProfile } from "./profiling/profile-table.ts";
import type { TQuickProfile } from "./profiling/types.ts";
import { resolveMaxRetries } from "./retry-policy.ts";
import { LINKS, runStep, StepRunError, TABLE, type TStepContext } from "./run-step.ts";
import {
  StepFailedError,
  type TEngineDeps,
  type TRunEvent,
  type TRunOutcome,
  type TRunOutput,
  type TRunRequest,
  type TRunTable,
  type TStepResult,
} from "./run-types.ts";
import { jsonRows, tableColumns } from "./sample.ts";
import { ident, Workspace } from "./workspace.ts";

/** Inputs below this size are run on one DuckDB thread. */
const SMALL_INPUT_BYTES = 8 * 2 ** 20;

/** Rows shown to the person deciding on an approval. */
const PREVIEW_ROWS = 20;

/** Steps that only read the table (validation runs its SQL as a subquery): their checkpoint is the previous one's bytes. */
const READS_TABLE_ONLY: Record<TStep["type"], boolean> = {
  loading: false,
  preparing: false,
  profiling: true,
  validation: true,
  export: true,
};

const isRunOutput = (v: unknown): v is TRunOutput => typeof v === "object" && v !== null && "storageKey" in v && "sha256" in v;

/**
 * Runs `req.steps` from `req.startAt` in a fresh workspace: resumes from the previous step's
 * checkpoint, checkpoints after every step, pauses after a step that asks for approval, and
 * produces the run's output file. Throws StepFailedError when a step exhausts its retries, or
 * the signal's reason when cancelled.
 */
export async function runWorkflow(deps: TEngineDeps, req: TRunRequest): Promise<TRunOutcome> {
  req.signal.throwIfAborted();
  const emit = async (event: TRunEvent) => {
    await req.onEvent(event);
  };
  const total = req.steps.length;
  // Small data runs on one thread: waking DuckDB's other threads costs more than they save (a tiny CSV job: ~19 vs ~26 ms CPU).
  const threads = (req.input?.sizeBytes ?? Infinity) < SMALL_INPUT_BYTES ? 1 : deps.threads;
  const ws = await Workspace.open({
    memoryLimit: deps.memoryLimit,
    spillLimit: deps.spillLimit,
    threads,
    root: deps.workspaceRoot,
    signal: req.signal,
  });
  try {
    const ctx: TStepContext = {
      ws,
      deps,
      req,
      inputPath: null,
      hasTable: false,
      tableFile: null,
      hasLinks: false,
      mapping: [...req.previous].reverse().find((r) => r.type === "preparing" && r.metadata.mapping)?.metadata.mapping as
        TCosmoMapping | undefined,
      // Agents log synchronously; a failing listener must not fail the step.
      log: (level, message, data) => void emit({ type: "log", level, message, ...(data ? { data } : {}) }).catch(() => undefined),
    };
    // The stored checkpoint of the table as it is now (ctx.tableFile is its local file).
    let tableCheckpoint: string | null = null;
    // The links' checkpoint as it is now: steps that leave the links alone point at it again.
    let linksKey = req.previous[req.startAt - 1]?.linksCheckpointKey ?? null;
    if (req.startAt > 0) {
      const key = req.previous[req.startAt - 1]?.checkpointKey;
      if (key) {
        const file = await adoptStoredObject(deps.storage, deps.readCache, ws, key);
        await restoreCheckpoint(ws, file, TABLE);
        ctx.tableFile = file;
        tableCheckpoint = key;
        ctx.hasTable = true;
        await emit({ type: "log", level: "info", message: `table restored from the checkpoint of step ${req.startAt}` });
      }
      if (key && linksKey) {
        await restoreCheckpoint(ws, await adoptStoredObject(deps.storage, deps.readCache, ws, linksKey), LINKS);
        ctx.hasLinks = true;
        await emit({ type: "log", level: "info", message: `links restored from the checkpoint of step ${req.startAt}` });
      }
    }
    if (req.input && req.steps.slice(req.startAt).some((s) => s.type === "loading")) {
      ctx.inputPath = await adoptStoredObject(deps.storage, deps.readCache, ws, req.input.storageKey);
    }

    const results: TStepResult[] = [];
    // The table's rows and columns after the last step; steps after the loop only read the table.
    let shape: TQuickProfile | null = null;
    for (let index = req.startAt; index < total; index++) {
      req.signal.throwIfAborted();
      const step = req.steps[index];
      if (!step) break;
      const maxRetries = resolveMaxRetries(step, req.globalConfig, deps.defaultMaxRetries);
      const startedAt = new Date().toISOString();
      await emit({ type: "progress", progress: Math.floor((index * 100) / total), currentStep: index, stepName: step.name });
      await emit({
        type: "log",
        level: "info",
        message: `step ${index + 1}/${total} "${step.name}" (${step.type}) started`,
        data: { maxRetries },
      });

      let metadata: Record<string, unknown>;
      let reported: TQuickProfile | undefined;
      try {
        ({ metadata, shape: reported } = await runStep(ctx, step, maxRetries));
      } catch (err) {
        if (req.signal.aborted) throw req.signal.reason ?? err;
        const message = err instanceof Error ? err.message : String(err);
        const failed: TStepResult = {
          index,
          name: step.name,
          type: step.type,
          status: "failed",
          startedAt,
          completedAt: new Date().toISOString(),
          metadata: err instanceof StepRunError ? { ...err.metadata, error: message } : { success: false, error: message },
          checkpointKey: null,
        };
        await emit({ type: "step", result: failed });
        await emit({ type: "log", level: "error", message: `step ${index + 1}/${total} "${step.name}" failed: ${message}` });
        throw new StepFailedError(index, failed, message);
      }

      const checkpointStart = performance.now();
      if (!ctx.hasTable) tableCheckpoint = null;
      else {
        // A step that only read the table points at the checkpoint already stored for it.
        const unchanged = READS_TABLE_ONLY[step.type] && ctx.tableFile && tableCheckpoint;
        if (!unchanged) {
          if (ctx.tableFile) await fs.rm(ctx.tableFile, { force: true });
          tableCheckpoint = checkpointKey(req.runId, index);
          ctx.tableFile = await writeCheckpoint(ws, deps.storage, TABLE, tableCheckpoint, { signal: req.signal });
        }
        if (!unchanged || !shape) shape = reported ?? (await quickProfile(ws, TABLE));
        // A step that only reads the table says so in the same terms as one that changes it.
        if (READS_TABLE_ONLY[step.type] && !metadata.ledger) metadata = { ...metadata, ledger: emptyLedger(shape.rowCount) };
      }
      if (!ctx.hasLinks) linksKey = null;
      else if (!READS_TABLE_ONLY[step.type]) {
        linksKey = linksCheckpointKey(req.runId, index);
        await fs.rm(await writeCheckpoint(ws, deps.storage, LINKS, linksKey, { signal: req.signal }), { force: true });
      }
      const result: TStepResult = {
        index,
        name: step.name,
        type: step.type,
        status: "completed",
        startedAt,
        completedAt: new Date().toISOString(),
        metadata,
        checkpointKey: tableCheckpoint,
        ...(linksKey ? { linksCheckpointKey: linksKey } : {}),
        checkpointMs: Math.round(performance.now() - checkpointStart),
      };
      results.push(result);
      // From here to the next step's start nothing waits on DuckDB: the job's writes for these events merge into one.
      await emit({ type: "step", result });
      await emit({
        type: "log",
        level: "info",
        message: `step ${index + 1}/${total} "${step.name}" completed${shape ? `: ${shape.rowCount} rows × ${shape.columnCount} columns` : ""}`,
        ...(shape ? { data: { rowCount: shape.rowCount, columnCount: shape.columnCount } } : {}),
      });
      const ledger = ZLedgerSchema.safeParse(metadata.ledger);
      if (ledger.success && !READS_TABLE_ONLY[step.type])
        await emit({
          type: "log",
          level: "info",
          message: `step ${index + 1}/${total} "${step.name}" changes: ${summariseLedger(ledger.data)}`,
          data: { ledger: ledger.data },
        });
      // The next step's start reports the same progress with the step result: the job's row is written once for both.
      if (step.requireApproval || index === total - 1)
        await emit({ type: "progress", progress: Math.floor(((index + 1) * 100) / total), currentStep: index, stepName: step.name });

      if (step.requireApproval) {
        const columns = ctx.hasTable ? (await tableColumns(ws, TABLE)).map((c) => c.name) : [];
        const rows = ctx.hasTable ? await jsonRows(ws, `SELECT * FROM ${ident(TABLE)} LIMIT ${PREVIEW_ROWS}`) : [];
        await emit({ type: "log", level: "info", message: `step ${index + 1}/${total} "${step.name}" awaits approval` });
        return { status: "awaiting_approval", stepIndex: index, preview: { columns, rows, metadata } };
      }
    }

    const all = [...req.previous.slice(0, req.startAt), ...results];
    const exported = all.findLastIndex((r) => isRunOutput(r.metadata.output));
    let output = exported >= 0 ? (all[exported]?.metadata.output as TRunOutput) : null;
    // The final table as Parquet (ctx.tableFile holds it) is what data.sample and data.profile read, so
    // the result is never loaded and profiled again; without an export step it is the result too.
    // A result exported before a step that changed the table is not that table: it is profiled on first read.
    if (ctx.hasTable) shape ??= await quickProfile(ws, TABLE);
    const resultIsTable = exported < 0 || all.slice(exported + 1).every((r) => READS_TABLE_ONLY[r.type]);
    let table: TRunTable | null = null;
    if (shape && ctx.tableFile && resultIsTable) {
      const contentType = EXPORT_CONTENT_TYPES.parquet;
      if (!output && ctx.hasLinks) {
        // Parquet holds one table: points with links are kept together as one JSON document.
        const exported = await exportTable(ws, TABLE, { format: "json", path: ws.file(`result${EXPORT_EXTENSIONS.json}`), links: LINKS });
        const key = resultKey(req.runId, EXPORT_EXTENSIONS.json);
        const stored = await storeFile(deps.storage, key, exported.path, { contentType: exported.contentType, signal: req.signal });
        output = {
          storageKey: key,
          filename: null,
          extension: EXPORT_EXTENSIONS.json,
          format: "json",
          contentType: exported.contentType,
          ...stored,
        };
      }
      if (!output) {
        const key = resultKey(req.runId, ".parquet");
        const stored = await storeFile(deps.storage, key, ctx.tableFile, { contentType, signal: req.signal });
        output = { storageKey: key, filename: null, extension: ".parquet", format: "parquet", contentType, ...stored };
      }
      const snapshotKey = output.format === "parquet" ? output.storageKey : tableKey(req.runId);
      if (snapshotKey !== output.storageKey) await deps.storage.putFile(snapshotKey, ctx.tableFile, { contentType, signal: req.signal });
      table = { ...shape, snapshotKey };
    }
    await emit({ type: "progress", progress: 100, currentStep: total - 1, stepName: req.steps[total - 1]?.name ?? "" });
    return {
      status: "completed",
      output,
      table,
      report: {
        steps: all.map((r) => ({
          index: r.index,
          name: r.name,
          type: r.type,
          status: r.status,
          success: r.metadata.success ?? true,
          ...(r.metadata.ledger ? { ledger: r.metadata.ledger } : {}),
        })),
        ...(shape ? { table: shape } : {}),
        ...(ctx.mapping ? { mapping: ctx.mapping } : {}),
      },
    };
  } finally {
    await ws.close();
  }
}
