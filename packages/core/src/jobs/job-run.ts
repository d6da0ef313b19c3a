import { runWorkflow } from "../aw-engine/orchestrator.ts";
import {
  StepFailedError,
  type TEngineDeps,
  type TRunEvent,
  type TRunOutcome,
  type TRunOutput,
  type TStepResult,
} from "../aw-engine/run-types.ts";
import { metadataJson as metadataJsonOf } from "../data/artifact.ts";
import type { Prisma } from "../db/generated/sqlite/client.ts";
import type { TDataMetadata, TGlobalConfig, TJobState, TStep } from "../schemas/index.ts";
import { coalescingWriter } from "./coalescing-writer.ts";
import { openJobLog } from "./job-log.ts";
import { metadataJson, readMetadata, resumePoint, stepLabel, type TJobMetadata } from "./job-metadata.ts";
import { toJobState } from "./job-state.ts";
import { resultName, uniqueResultName } from "./result-name.ts";
import type { TRunnerDeps } from "./runner.ts";

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
/** The workflow version a job runs; its name (the workflow's at that version) names the job's result. */
type TPinnedVersion = { name: string; steps: TStep[]; globalConfig: TGlobalConfig };

/** What one run needs besides the runner's deps: the engine's settings and the runner's cache of workflow versions. */
export type TJobRunDeps = TRunnerDeps & {
  engine: TEngineDeps;
  pinnedVersion: (workflowId: string, version: number) => Promise<TPinnedVersion>;
};

/** How often a running job's progress and step results are written to its row (they are published at once). */
const PERSIST_MS = 250;

/**
 * Moves the job from queued to running under this worker's lease; null if it is not queued (any
 * more). The claim also records the step the run starts at, so the run's first progress event
 * has nothing new to write.
 */
async function claim(deps: TJobRunDeps, jobId: string) {
  const { db, workerId } = deps;
  const job = await db.job.findUnique({
    where: { id: jobId },
    // Only what the run needs of the input: its metadata can hold a large cached profile.
    include: {
      input: { select: { storageKey: true, filename: true, sizeBytes: true } },
      logs: { select: { sequence: true }, orderBy: { sequence: "desc" }, take: 1 },
    },
  });
  if (!job || job.status !== "queued") return null;
  // Where an earlier run of this job stood is not where this one stands.
  const { running: _, ...earlier } = readMetadata(job.metadata, job.id);
  const metadata: TJobMetadata = earlier;
  const { startAt } = resumePoint(metadata);
  // A version that cannot be read fails the run in its prepare phase, with the reason.
  const steps = await deps.pinnedVersion(job.workflowId, job.workflowVersion).then(
    (pinned) => pinned.steps.length,
    () => 0,
  );
  const now = new Date();
  if (startAt < steps) metadata.running = { stepIndex: startAt, startedAt: now.toISOString() };
  const claimed = await db.job.updateMany({
    where: { id: jobId, status: "queued" },
    data: {
      status: "running",
      startedAt: job.startedAt ?? now,
      leaseOwner: workerId,
      heartbeatAt: now,
      error: null,
      approvalDeadline: null,
      ...(metadata.running ? { metadata: metadataJson(metadata), currentStep: startAt } : {}),
    },
  });
  return claimed.count === 0 ? null : { ...job, metadata };
}

type TClaimedJob = NonNullable<Awaited<ReturnType<typeof claim>>>;

/** Claims the job and runs it to its end on this worker; "skipped" when someone else has it or it is not queued. */
export async function runJob(deps: TJobRunDeps, jobId: string, shutdown?: AbortSignal): Promise<TRunEnd> {
  const job = await claim(deps, jobId);
  if (!job) return "skipped";
  return new JobRun(deps, job, shutdown).run();
}

/**
 * One run of a claimed job, phase by phase: start (log, watchers) → prepare (pinned workflow,
 * timeout) → run the engine → record how it ended → release. Every write is conditional on the
 * job still being `running` under this worker's lease, so a cancel or a takeover is never
 * overwritten by a late write from here.
 */
class JobRun {
  private readonly jobId: string;
  private readonly metadata: TJobMetadata;
  private readonly startAt: number;
  private readonly previous: ReturnType<typeof resumePoint>["previous"];
  private readonly state: TJobState;
  private readonly controller = new AbortController();
  private readonly mine: { id: string; status: "running"; leaseOwner: string };
  // Progress is published the moment the engine reports it; progress and step results are
  // written to the row at most every PERSIST_MS, merged, and the job's end write takes what is
  // left: a job shorter than that writes only its claim and its end. A crash in between loses
  // no more than the last PERSIST_MS: the job resumes after the last step the row records.
  private readonly rowWrites = coalescingWriter<TJobPatch>({
    delayMs: PERSIST_MS,
    empty: () => ({}),
    isEmpty: (data) => Object.keys(data).length === 0,
    write: (data) => this.update(data), // a failed write has already stopped the run
  });
  /** A step result or the running step changed since the last announcement. */
  private stepsChanged = false;
  private log!: Awaited<ReturnType<typeof openJobLog>>;
  private unsubscribe: () => void = () => {};
  private heartbeat: NodeJS.Timeout | undefined;
  private timeout: NodeJS.Timeout | undefined;
  private readonly onShutdown = () => this.abort(new RunAbort("shutdown", "the worker is stopping"));

  constructor(
    private readonly deps: TJobRunDeps,
    private readonly job: TClaimedJob,
    private readonly shutdown: AbortSignal | undefined,
  ) {
    this.jobId = job.id;
    this.mine = { id: job.id, status: "running", leaseOwner: deps.workerId };
    this.metadata = job.metadata;
    ({ startAt: this.startAt, previous: this.previous } = resumePoint(this.metadata));
    this.state = { ...toJobState(job), status: "running", error: null, currentStep: this.startAt };
  }

  async run(): Promise<TRunEnd> {
    await this.start();
    try {
      await this.publishState();
      const pinned = await this.prepare();
      const outcome = await this.runEngine(pinned.steps, pinned.globalConfig);
      return await this.recordOutcome(outcome, pinned);
    } catch (err) {
      return await this.recordFailure(err);
    } finally {
      await this.release();
    }
  }

  /** Opens the job's log and starts listening for a cancel, the worker's shutdown, and the lease's heartbeat. */
  private async start() {
    const { db, bus, config } = this.deps;
    this.log = await openJobLog(db, bus, this.jobId, this.job.logs[0]?.sequence ?? 0);
    this.unsubscribe = bus.subscribe(this.jobId, (e) => {
      if (e.kind === "cancel") this.abort(new RunAbort("cancel", "cancelled by user"));
    });
    this.shutdown?.addEventListener("abort", this.onShutdown, { once: true });
    const heartbeatMs = Math.max(100, (config.JOB_LEASE_SECONDS * 1000) / 6);
    this.heartbeat = setInterval(() => {
      db.job
        .updateMany({ where: this.mine, data: { heartbeatAt: new Date() } })
        .then(({ count }) => (count === 0 ? this.lost() : undefined))
        .catch(() => {});
    }, heartbeatMs);
  }

  /** Reads the pinned workflow, arms the timeout and logs where the run starts. */
  private async prepare(): Promise<TPinnedVersion> {
    const { job, startAt, deps } = this;
    const pinned = await deps.pinnedVersion(job.workflowId, job.workflowVersion);
    const { steps, globalConfig } = pinned;
    if (steps.some((s) => s.type === "loading") && !job.input) throw new Error("the input data of this job was deleted");
    const timeoutSeconds = globalConfig.timeoutSeconds ?? deps.config.JOB_TIMEOUT_SECONDS;
    this.timeout = setTimeout(() => this.abort(new RunAbort("timeout", `timed out after ${timeoutSeconds} s`)), timeoutSeconds * 1000);
    // Approving the last step resumes past it: there is no step to name, only the run to finish.
    const resumedAt = startAt < steps.length ? `at ${stepLabel(steps, startAt)}` : "after the last step, to finish the run";
    this.log.add("info", startAt === 0 ? `started on worker ${deps.workerId}` : `resumed ${resumedAt} on worker ${deps.workerId}`, {
      attempt: job.attempt,
    });
    deps.log.info({ jobId: job.id, workflowId: job.workflowId, attempt: job.attempt, fromStep: startAt }, "job run started");
    return pinned;
  }

  private async runEngine(steps: TStep[], globalConfig: TGlobalConfig): Promise<TRunOutcome> {
    const { input } = this.job;
    // Events are applied one at a time, in order, even if the engine does not await them.
    let events: Promise<void> = Promise.resolve();
    const outcome = await runWorkflow(this.deps.engine, {
      runId: this.jobId,
      steps,
      globalConfig,
      input: input ? { storageKey: input.storageKey, filename: input.filename, sizeBytes: Number(input.sizeBytes) } : null,
      startAt: this.startAt,
      previous: this.previous,
      signal: this.controller.signal,
      onEvent: (event: TRunEvent) => (events = events.then(() => this.onRunEvent(event))),
    });
    await events;
    return outcome;
  }

  private async onRunEvent(event: TRunEvent) {
    const { state, metadata } = this;
    if (event.type === "log") return this.log.add(event.level, event.message, event.data);
    if (event.type === "step") {
      this.observeStep(event.result);
      metadata.steps[event.result.index] = event.result;
      this.stepsChanged = true;
      return this.patch({ metadata: metadataJson(metadata) });
    }
    const progress = Math.min(100, Math.max(state.progress, Math.round(event.progress)));
    if (progress === state.progress && event.currentStep === state.currentStep) return;
    if (metadata.running?.stepIndex !== event.currentStep) {
      metadata.running = { stepIndex: event.currentStep, startedAt: new Date().toISOString() };
      this.stepsChanged = true;
    }
    Object.assign(state, { progress, currentStep: event.currentStep });
    this.patch({ progress, currentStep: event.currentStep, ...(this.stepsChanged ? { metadata: metadataJson(metadata) } : {}) });
    // A step that ended or began is written before it is announced: a page that refetches the job
    // on the announcement reads the row that has it, never an older one.
    if (this.stepsChanged) await this.rowWrites.flush();
    this.stepsChanged = false;
    await this.publishState();
  }

  /** One log line and one duration sample per finished step. */
  private observeStep({ index, type, status, startedAt, completedAt }: TStepResult) {
    const seconds = (Date.parse(completedAt) - Date.parse(startedAt)) / 1000;
    this.deps.metrics.stepSeconds.observe({ type, status }, seconds);
    this.deps.log.info({ jobId: this.jobId, step: index + 1, type, status, durationMs: Math.round(seconds * 1000) }, `step ${status}`);
  }

  private async recordOutcome(outcome: TRunOutcome, pinned: TPinnedVersion): Promise<TRunEnd> {
    const left = await this.unwritten();
    if (outcome.status === "awaiting_approval") return this.awaitApproval(outcome, pinned.globalConfig, left);
    return this.complete(outcome, pinned.name, left);
  }

  /** Ends the run at a step that asks for a human; the job holds no worker while it waits. */
  private async awaitApproval(
    outcome: Extract<TRunOutcome, { status: "awaiting_approval" }>,
    globalConfig: TGlobalConfig,
    left: TJobPatch,
  ): Promise<TRunEnd> {
    const { metadata } = this;
    await this.log.flush();
    const seconds = globalConfig.approvalTimeoutSeconds;
    metadata.awaiting = {
      stepIndex: outcome.stepIndex,
      preview: outcome.preview,
      since: new Date().toISOString(),
      ...(seconds ? { timeoutAction: globalConfig.approvalTimeoutAction } : {}),
    };
    await this.update({
      ...left,
      status: "awaiting_approval",
      metadata: metadataJson(metadata),
      leaseOwner: null,
      approvalDeadline: seconds ? new Date(Date.now() + seconds * 1000) : null,
    });
    Object.assign(this.state, { status: "awaiting_approval", currentStep: outcome.stepIndex });
    await this.publishState();
    return "awaiting_approval";
  }

  private resultNameOf(output: TRunOutput, workflow: string): string {
    const { job } = this;
    return resultName({
      explicit: output.filename,
      input: job.input?.filename ?? null,
      workflow,
      extension: output.extension,
    });
  }

  /** Records the result artifact and completes the job in one transaction; a result nobody records is deleted. */
  private async complete(outcome: Extract<TRunOutcome, { status: "completed" }>, workflow: string, left: TJobPatch): Promise<TRunEnd> {
    const { db, storage } = this.deps;
    const { jobId, metadata } = this;
    const { output, table, report } = outcome;
    try {
      const result = await db.$transaction(async (tx) => {
        // The result comes profiled, as an upload does once its background profile ran.
        const profile: TDataMetadata = table ? { profileStatus: "ready", ...table } : {};
        const artifact = output
          ? await tx.dataArtifact.create({
              data: {
                storageKey: output.storageKey,
                filename: await uniqueResultName(tx, this.deps.config.databaseProvider, this.resultNameOf(output, workflow)),
                format: output.format,
                contentType: output.contentType,
                sha256: output.sha256,
                sizeBytes: BigInt(output.sizeBytes),
                metadata: metadataJsonOf(profile),
                sourceJobId: jobId,
                parentId: this.job.inputDataId,
              },
            })
          : null;
        const { count } = await tx.job.updateMany({
          where: this.mine,
          data: {
            ...left,
            status: "completed",
            progress: 100,
            completedAt: new Date(),
            resultDataId: artifact?.id ?? null,
            metadata: metadataJson({ ...metadata, report }),
            leaseOwner: null,
          },
        });
        if (count === 0) throw new LostJobError();
        return artifact;
      });
      // Logged once the name is taken, and stored before the completed state is published (log streams end there).
      this.log.add("info", result ? `completed; result ${result.filename}` : "completed");
      await this.log.flush();
      const resultDataId = result?.id ?? null;
      Object.assign(this.state, { status: "completed", progress: 100, resultDataId });
      await this.publishState();
      return "completed";
    } catch (err) {
      for (const key of new Set([output?.storageKey, table?.snapshotKey])) if (key) await storage.delete(key).catch(() => {});
      throw err;
    }
  }

  /** Ends the job as the abort reason or the error says: lost, requeued (shutdown), cancelled or failed. */
  private async recordFailure(err: unknown): Promise<TRunEnd> {
    const { db, bus } = this.deps;
    const { jobId, metadata, state, log } = this;
    const left = await this.unwritten();
    const reason = this.controller.signal.aborted ? (this.controller.signal.reason as RunAbort) : null;
    if (reason?.kind === "lost" || (!reason && err instanceof LostJobError)) return "lost";
    if (reason?.kind === "shutdown") {
      log.add("warn", "the worker stopped; the job will resume from its last completed step");
      await log.flush().catch(() => {});
      const { count } = await db.job.updateMany({ where: this.mine, data: { ...left, status: "queued", leaseOwner: null } });
      if (count === 0) return "lost";
      await bus.publish({ kind: "state", jobId, state: { ...state, status: "queued", updatedAt: new Date().toISOString() } });
      return "requeued";
    }
    if (reason?.kind === "cancel") {
      log.add("warn", "cancelled");
      await log.flush().catch(() => {});
      const { count } = await db.job.updateMany({
        where: this.mine,
        data: { ...left, status: "cancelled", error: reason.message, completedAt: new Date(), leaseOwner: null },
      });
      if (count > 0)
        await bus.publish({
          kind: "state",
          jobId,
          state: { ...state, status: "cancelled", error: reason.message, updatedAt: new Date().toISOString() },
        });
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
      where: this.mine,
      data: { ...left, status: "failed", error: message, completedAt: new Date(), metadata: metadataJson(metadata), leaseOwner: null },
    });
    if (count === 0) return "lost";
    Object.assign(state, { status: "failed", error: message });
    await this.publishState();
    return "failed";
  }

  /** Stops the timers and listeners and writes the last log lines, however the run ended. */
  private async release() {
    clearInterval(this.heartbeat);
    clearTimeout(this.timeout);
    this.unsubscribe();
    this.shutdown?.removeEventListener("abort", this.onShutdown);
    await this.log.flush().catch(() => {});
  }

  private abort(reason: RunAbort) {
    this.controller.abort(reason);
  }

  private publishState(at = new Date()) {
    return this.deps.bus.publish({ kind: "state", jobId: this.jobId, state: { ...this.state, updatedAt: at.toISOString() } });
  }

  /** The job is no longer ours: stop the run, as cancelled if that is why. */
  private async lost(): Promise<never> {
    const row = await this.deps.db.job.findUnique({ where: { id: this.jobId }, select: { status: true } });
    this.abort(
      row?.status === "cancelled"
        ? new RunAbort("cancel", "cancelled by user")
        : new RunAbort("lost", "the job was taken over by another worker"),
    );
    throw new LostJobError();
  }

  /** Writes to the job while it is still ours; otherwise stops the run. */
  private async update(data: TJobPatch) {
    const { count } = await this.deps.db.job.updateMany({ where: this.mine, data });
    if (count === 0) await this.lost();
  }

  private patch(data: TJobPatch) {
    return this.rowWrites.add((pending) => Object.assign(pending, data));
  }

  /** What is not written yet, for an end write to include (after any write in flight). */
  private unwritten() {
    return this.rowWrites.take();
  }
}
