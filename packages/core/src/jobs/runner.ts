import { runWorkflow } from "../aw-engine/orchestrator.ts";
import { StepFailedError, type TEngineDeps, type TRunEvent, type TRunOutcome } from "../aw-engine/run-types.ts";
import type { TConfig } from "../config.ts";
import { metadataJson as metadataJsonOf } from "../data/artifact.ts";
import type { TDb } from "../db/client.ts";
import type { Prisma } from "../db/generated/sqlite/client.ts";
import type { TDataMetadata, TGlobalConfig, TJobState, TStep } from "../schemas/index.ts";
import { readCacheOf } from "../storage/read-cache.ts";
import type { TStorage } from "../storage/types.ts";
import type { TJobEventBus } from "./events.ts";
import { coalescingWriter } from "./coalescing-writer.ts";
import { openJobLog } from "./job-log.ts";
import { metadataJson, readMetadata, resumePoint, stepLabel, type TJobMetadata } from "./job-metadata.ts";
import { toJobState } from "./job-state.ts";

export type TRunnerConfig = Pick<
  TConfig,
  "JOB_TIMEOUT_SECONDS" | "JOB_LEASE_SECONDS" | "JOB_DEFAULT_MAX_RETRIES" | "DUCKDB_MEMORY_LIMIT" | "DUCKDB_SPILL_LIMIT" | "DUCKDB_THREADS" | "workspaceRoot" | "AW_DATA_DIR" | "S3_READ_CACHE_MAX_BYTES" | "LLM_BASE_URL" | "LLM_API_KEY" | "LLM_MODEL" | "LLM_TIMEOUT_SECONDS" | "decompressedMaxBytes" | "TABLE_MAX_COLUMNS"
>;

export type TRunnerDeps = {
  db: TDb;
  storage: TStorage;
  bus: TJobEventBus;
  config: TRunnerConfig;
  workerId: string;
};

/** How a run of the job ended on this worker. */
export type TRunEnd = "skipped" | "completed" | "awaiting_approval" | "failed" | "cancelled" | "requeued" | "lost";

/** Why a run was aborted: the reason decides the job's end state. */
export class RunAbort extends Error {
  override name = "RunAbort";
  constructor(
    readonly kind: "cancel" | "timeout" | "shutdown" | "lost",
    message: string,
  ) {
    super(message);
  }
}

/** A run lost its job to someone else (cancel, or a worker that took the lease over). */
class LostJobError extends Error {}

type TJobPatch = Prisma.JobUpdateManyMutationInput;

export function engineDeps(config: TRunnerConfig, storage: TStorage): TEngineDeps {
  return {
    storage,
    memoryLimit: config.DUCKDB_MEMORY_LIMIT,
    spillLimit: config.DUCKDB_SPILL_LIMIT,
    threads: config.DUCKDB_THREADS,
    workspaceRoot: config.workspaceRoot,
    readCache: readCacheOf(config),
    defaultMaxRetries: config.JOB_DEFAULT_MAX_RETRIES,
    inputLimits: { decompressedMaxBytes: config.decompressedMaxBytes, maxColumns: config.TABLE_MAX_COLUMNS },
    llm:
      config.LLM_BASE_URL && config.LLM_API_KEY
        ? { baseUrl: config.LLM_BASE_URL, apiKey: config.LLM_API_KEY, model: config.LLM_MODEL, timeoutSeconds: config.LLM_TIMEOUT_SECONDS }
        : undefined,
  };
}

/** How often a running job's progress and step results are written to its row (they are published at once). */
const PERSIST_MS = 250;

/** Workflow versions a runner keeps in memory. */
const VERSIONS_KEPT = 200;


/**
 * Runs one queued job on this worker: claims it, runs the pinned workflow from its resume point,
 * persists progress, step results and logs as they happen, and ends it. Every write is
 * conditional on the job still being `running` under this worker's lease, so a cancel or a
 * takeover is never overwritten by a late write from here.
 */
export function createJobRunner(deps: TRunnerDeps) {
  const { db, bus, storage, config, workerId } = deps;
  const mine = (id: string) => ({ id, status: "running", leaseOwner: workerId });
  const heartbeatMs = Math.max(100, (config.JOB_LEASE_SECONDS * 1000) / 6);

  // A saved workflow version never changes, so each is read once (the most recent ones are kept).
  const versions = new Map<string, { steps: TStep[]; globalConfig: TGlobalConfig }>();
  async function pinnedVersion(workflowId: string, version: number) {
    const key = `${workflowId}@${version}`;
    let pinned = versions.get(key);
    if (!pinned) {
      const row = await db.workflowVersion.findUnique({ where: { workflowId_version: { workflowId, version } } });
      if (!row) throw new Error(`workflow version ${version} of ${workflowId} no longer exists`);
      pinned = { steps: row.steps as TStep[], globalConfig: row.globalConfig as TGlobalConfig };
      if (versions.size >= VERSIONS_KEPT) versions.delete(versions.keys().next().value!);
      versions.set(key, pinned);
    }
    return pinned;
  }

  async function run(jobId: string, options: { shutdown?: AbortSignal } = {}): Promise<TRunEnd> {
    const job = await db.job.findUnique({
      where: { id: jobId },
      // Only what the run needs of the input: its metadata can hold a large cached profile.
      include: { input: { select: { storageKey: true, filename: true, sizeBytes: true } }, logs: { select: { sequence: true }, orderBy: { sequence: "desc" }, take: 1 } },
    });
    if (!job || job.status !== "queued") return "skipped";
    const now = new Date();
    const claimed = await db.job.updateMany({
      where: { id: jobId, status: "queued" },
      data: { status: "running", startedAt: job.startedAt ?? now, leaseOwner: workerId, heartbeatAt: now, error: null, approvalDeadline: null },
    });
    if (claimed.count === 0) return "skipped";

    const metadata: TJobMetadata = readMetadata(job.metadata);
    const { startAt, previous } = resumePoint(metadata);
    const state: TJobState = { ...toJobState(job), status: "running", error: null, currentStep: startAt };
    const log = await openJobLog(db, bus, jobId, job.logs[0]?.sequence ?? 0);
    const controller = new AbortController();
    const abort = (reason: RunAbort) => controller.abort(reason);
    const publishState = (at = new Date()) => bus.publish({ kind: "state", jobId, state: { ...state, updatedAt: at.toISOString() } });

    /** The job is no longer ours: stop the run, as cancelled if that is why. */
    async function lost(): Promise<never> {
      const row = await db.job.findUnique({ where: { id: jobId }, select: { status: true } });
      abort(row?.status === "cancelled" ? new RunAbort("cancel", "cancelled by user") : new RunAbort("lost", "the job was taken over by another worker"));
      throw new LostJobError();
    }

    /** Writes to the job while it is still ours; otherwise stops the run. */
    async function update(data: TJobPatch) {
      const { count } = await db.job.updateMany({ where: mine(jobId), data });
      if (count === 0) await lost();
    }

    // Progress is published the moment the engine reports it; progress and step results are
    // written to the row at most every PERSIST_MS, merged, and the job's end write takes what is
    // left: a job shorter than that writes only its claim and its end. A crash in between loses
    // no more than the last PERSIST_MS: the job resumes after the last step the row records.
    const rowWrites = coalescingWriter<TJobPatch>({
      delayMs: PERSIST_MS,
      empty: () => ({}),
      isEmpty: (data) => Object.keys(data).length === 0,
      write: update, // a failed write has already stopped the run
    });
    const patch = (data: TJobPatch) => rowWrites.add((pending) => Object.assign(pending, data));
    /** What is not written yet, for an end write to include (after any write in flight). */
    const unwritten = () => rowWrites.take();

    const unsubscribe = bus.subscribe(jobId, (e) => {
      if (e.kind === "cancel") abort(new RunAbort("cancel", "cancelled by user"));
    });
    const onShutdown = () => abort(new RunAbort("shutdown", "the worker is stopping"));
    options.shutdown?.addEventListener("abort", onShutdown, { once: true });
    const heartbeat = setInterval(() => {
      db.job
        .updateMany({ where: mine(jobId), data: { heartbeatAt: new Date() } })
        .then(({ count }) => (count === 0 ? lost() : undefined))
        .catch(() => {});
    }, heartbeatMs);
    let timeout: NodeJS.Timeout | undefined;

    try {
      await publishState();
      const { steps, globalConfig } = await pinnedVersion(job.workflowId, job.workflowVersion);
      if (steps.some((s) => s.type === "loading") && !job.input) throw new Error("the input data of this job was deleted");

      const timeoutSeconds = globalConfig.timeoutSeconds ?? config.JOB_TIMEOUT_SECONDS;
      timeout = setTimeout(() => abort(new RunAbort("timeout", `timed out after ${timeoutSeconds} s`)), timeoutSeconds * 1000);
      // Approving the last step resumes past it: there is no step to name, only the run to finish.
      const resumedAt = startAt < steps.length ? `at ${stepLabel(steps, startAt)}` : "after the last step, to finish the run";
      log.add("info", startAt === 0 ? `started on worker ${workerId}` : `resumed ${resumedAt} on worker ${workerId}`, { attempt: job.attempt });

      async function onRunEvent(event: TRunEvent) {
        if (event.type === "log") return log.add(event.level, event.message, event.data);
        if (event.type === "step") {
          metadata.steps[event.result.index] = event.result;
          return patch({ metadata: metadataJson(metadata) });
        }
        const progress = Math.min(100, Math.max(state.progress, Math.round(event.progress)));
        if (progress === state.progress && event.currentStep === state.currentStep) return;
        Object.assign(state, { progress, currentStep: event.currentStep });
        patch({ progress, currentStep: event.currentStep });
        await publishState();
      }
      // Events are applied one at a time, in order, even if the engine does not await them.
      let events: Promise<void> = Promise.resolve();
      const outcome = await runWorkflow(engineDeps(config, storage), {
        runId: jobId,
        steps,
        globalConfig,
        input: job.input ? { storageKey: job.input.storageKey, filename: job.input.filename, sizeBytes: Number(job.input.sizeBytes) } : null,
        startAt,
        previous,
        signal: controller.signal,
        onEvent: (event: TRunEvent) => (events = events.then(() => onRunEvent(event))),
      });
      await events;
      return await finish(outcome, globalConfig);
    } catch (err) {
      return await fail(err);
    } finally {
      clearInterval(heartbeat);
      clearTimeout(timeout);
      unsubscribe();
      options.shutdown?.removeEventListener("abort", onShutdown);
      await log.flush().catch(() => {});
    }

    async function finish(outcome: TRunOutcome, globalConfig: TGlobalConfig): Promise<TRunEnd> {
      const left = await unwritten();
      if (outcome.status === "awaiting_approval") {
        await log.flush();
        const seconds = globalConfig.approvalTimeoutSeconds;
        metadata.awaiting = {
          stepIndex: outcome.stepIndex,
          preview: outcome.preview,
          since: new Date().toISOString(),
          ...(seconds ? { timeoutAction: globalConfig.approvalTimeoutAction } : {}),
        };
        await update({ ...left, status: "awaiting_approval", metadata: metadataJson(metadata), leaseOwner: null, approvalDeadline: seconds ? new Date(Date.now() + seconds * 1000) : null });
        Object.assign(state, { status: "awaiting_approval", currentStep: outcome.stepIndex });
        await publishState();
        return "awaiting_approval";
      }
      const { output, table, report } = outcome;
      log.add("info", output ? `completed; result ${output.filename}` : "completed");
      await log.flush();
      try {
        const resultDataId = await db.$transaction(async (tx) => {
          // The result comes profiled, as an upload does once its background profile ran.
          const profile: TDataMetadata = table ? { profileStatus: "ready", ...table } : {};
          const artifact = output
            ? await tx.dataArtifact.create({ data: { ...output, sizeBytes: BigInt(output.sizeBytes), metadata: metadataJsonOf(profile), sourceJobId: jobId, parentId: job!.inputDataId } })
            : null;
          const { count } = await tx.job.updateMany({
            where: mine(jobId),
            data: { ...left, status: "completed", progress: 100, completedAt: new Date(), resultDataId: artifact?.id ?? null, metadata: metadataJson({ ...metadata, report }), leaseOwner: null },
          });
          if (count === 0) throw new LostJobError();
          return artifact?.id ?? null;
        });
        Object.assign(state, { status: "completed", progress: 100, resultDataId });
        await publishState();
        return "completed";
      } catch (err) {
        for (const key of new Set([output?.storageKey, table?.snapshotKey])) if (key) await storage.delete(key).catch(() => {});
        throw err;
      }
    }

    async function fail(err: unknown): Promise<TRunEnd> {
      const left = await unwritten();
      const reason = controller.signal.aborted ? (controller.signal.reason as RunAbort) : null;
      if (reason?.kind === "lost" || (!reason && err instanceof LostJobError)) return "lost";
      if (reason?.kind === "shutdown") {
        log.add("warn", "the worker stopped; the job will resume from its last completed step");
        await log.flush().catch(() => {});
        const { count } = await db.job.updateMany({ where: mine(jobId), data: { ...left, status: "queued", leaseOwner: null } });
        if (count === 0) return "lost";
        await bus.publish({ kind: "state", jobId, state: { ...state, status: "queued", updatedAt: new Date().toISOString() } });
        return "requeued";
      }
      if (reason?.kind === "cancel") {
        log.add("warn", "cancelled");
        await log.flush().catch(() => {});
        const { count } = await db.job.updateMany({ where: mine(jobId), data: { ...left, status: "cancelled", error: reason.message, completedAt: new Date(), leaseOwner: null } });
        if (count > 0) await bus.publish({ kind: "state", jobId, state: { ...state, status: "cancelled", error: reason.message, updatedAt: new Date().toISOString() } });
        return "cancelled";
      }
      let message = reason?.message ?? (err instanceof Error ? err.message : String(err));
      if (err instanceof StepFailedError && !reason) {
        metadata.steps[err.stepIndex] = err.result;
        metadata.failedStep = err.stepIndex;
        message = `step ${err.stepIndex + 1} "${err.result.name}" failed: ${err.reason}`;
      } else {
        log.add("error", message); // a failed step has logged its error already
      }
      await log.flush().catch(() => {});
      const { count } = await db.job.updateMany({
        where: mine(jobId),
        data: { ...left, status: "failed", error: message, completedAt: new Date(), metadata: metadataJson(metadata), leaseOwner: null },
      });
      if (count === 0) return "lost";
      Object.assign(state, { status: "failed", error: message });
      await publishState();
      return "failed";
    }
  }

  return { run, workerId };
}

export type TJobRunner = ReturnType<typeof createJobRunner>;
