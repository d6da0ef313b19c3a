import type { TSample } from "../aw-engine/sample.ts";
import { toArtifact } from "../data/artifact.ts";
import { requireFreeDisk } from "../data/disk-space.ts";
import { sampleParquet } from "../data/inspect-artifact.ts";
import type { TProfileDeps } from "../data/profile-artifact.ts";
import type { TConfig } from "../config.ts";
import type { TDb } from "../db/client.ts";
import type { Prisma } from "../db/generated/sqlite/client.ts";
import { containsText } from "../db/text-search.ts";
import { conflict, DomainError, invalid, isForeignKeyViolation, notFound } from "../errors.ts";
import {
  FINISHED_JOB_STATUSES,
  ZJobApproveSchema,
  ZJobCreateSchema,
  ZJobGetSchema,
  ZJobListSchema,
  ZJobRejectSchema,
  ZJobRetrySchema,
  ZJobStepSampleSchema,
  ZJobSubscribeSchema,
  ZWorkflowExecuteSchema,
  type TJobLogEntry,
  type TJobState,
  type TJobStatus,
  type TStep,
} from "../schemas/index.ts";
import type { z } from "zod";
import type { TJobEventBus } from "./events.ts";
import { appendJobLog, toLogEntry } from "./job-log.ts";
import { emptyMetadata, metadataJson, readMetadata, stepLabel, type TApprovalDecision, type TJobMetadata } from "./job-metadata.ts";
import { stateEventId, toJobState } from "./job-state.ts";
import type { TJobQueue } from "./queue.ts";
import { deleteRunObjects, resultArtifactKeys } from "./run-objects.ts";

export type TJobServiceDeps = {
  db: TDb;
  bus: TJobEventBus;
  queue: TJobQueue;
  /** Where step tables are read from. */
  storage: TProfileDeps["storage"];
  config: Pick<TConfig, "databaseProvider" | "AW_DATA_DIR" | "S3_READ_CACHE_MAX_BYTES" | "DISK_MIN_FREE_BYTES"> & TProfileDeps["config"];
};

type TJobRow = Awaited<ReturnType<TDb["job"]["findFirstOrThrow"]>>;

/** A job as the API returns it: JSON columns typed, the lease bookkeeping left out. */
export type TJob = Omit<TJobRow, "status" | "metadata" | "parameters" | "heartbeatAt"> & {
  status: TJobStatus;
  metadata: TJobMetadata;
  parameters: Record<string, unknown>;
};

export type TJobStepView = {
  index: number;
  id: string | undefined;
  name: string;
  type: TStep["type"];
  requireApproval: boolean;
  status: "pending" | "running" | "awaiting_approval" | "completed" | "failed";
  result: TJobMetadata["steps"][number];
};

const toJob = ({ heartbeatAt: _, ...row }: TJobRow): TJob => ({
  ...row,
  status: row.status as TJobStatus,
  metadata: readMetadata(row.metadata),
  parameters: (row.parameters ?? {}) as Record<string, unknown>,
});

const isFinished = (status: string) => (FINISHED_JOB_STATUSES as readonly string[]).includes(status);
const LOG_REPLAY_PAGE = 500;

/**
 * What the `jobs` router calls: create, run, inspect, steer and watch jobs. Whatever queues a run
 * (create with `start`, execute, retry, approve) is refused with INSUFFICIENT_STORAGE while the
 * disk is below DISK_MIN_FREE_BYTES: a run's workspace, spill files and result land there.
 */
export function createJobService({ db, bus, queue, storage, config }: TJobServiceDeps) {
  async function load(id: string): Promise<TJobRow> {
    const job = await db.job.findUnique({ where: { id } });
    if (!job) throw notFound("job", id);
    return job;
  }

  async function pinnedSteps(workflowId: string, version: number): Promise<TStep[]> {
    const row = await db.workflowVersion.findUnique({ where: { workflowId_version: { workflowId, version } } });
    if (!row) throw notFound("workflow version", `${workflowId}@${version}`);
    return row.steps as TStep[];
  }

  async function publishState(job: TJobRow) {
    await bus.publish({ kind: "state", jobId: job.id, state: toJobState(job) });
  }

  /** Hands a queued job to the queue; if the queue is unreachable the job fails instead of waiting forever. */
  async function enqueue(job: TJobRow): Promise<TJob> {
    try {
      await queue.enqueue(job.id);
    } catch (err) {
      const error = `could not be queued: ${err instanceof Error ? err.message : String(err)}`;
      await db.job.updateMany({ where: { id: job.id, status: "queued" }, data: { status: "failed", error, completedAt: new Date() } });
      throw new DomainError("UNAVAILABLE", `job ${job.id} ${error}`);
    }
    return toJob(job);
  }

  /** Moves a job from one of `from` to `to` if nobody moved it first; returns the row as written. */
  async function transition(job: TJobRow, from: TJobStatus[], data: Prisma.JobUpdateManyMutationInput & { status: TJobStatus }): Promise<TJobRow | null> {
    const { count } = await db.job.updateMany({ where: { id: job.id, status: { in: from } }, data });
    return count === 0 ? null : ({ ...job, ...data, updatedAt: new Date() } as TJobRow);
  }

  async function create(input: z.input<typeof ZJobCreateSchema>): Promise<TJob> {
    const { workflowId, inputDataId, parameters, start } = ZJobCreateSchema.parse(input);
    if (start) await requireFreeDisk(config);
    const workflow = await db.workflow.findUnique({ where: { id: workflowId } });
    if (!workflow) throw notFound("workflow", workflowId);
    if (!inputDataId && (await pinnedSteps(workflowId, workflow.version)).some((s) => s.type === "loading")) {
      throw invalid(`workflow "${workflow.name}" has a loading step, so the job needs inputDataId (an uploaded file)`, {
        inputDataId: "required by the loading step",
      });
    }
    // The input's foreign key proves it exists: no read before the insert.
    const job = await db.job
      .create({
        data: { workflowId, workflowVersion: workflow.version, status: start ? "queued" : "created", inputDataId, parameters: parameters as Prisma.InputJsonObject, metadata: metadataJson(emptyMetadata()) },
      })
      .catch((err: unknown) => {
        throw inputDataId && isForeignKeyViolation(err) ? notFound("data", inputDataId) : err;
      });
    return start ? enqueue(job) : toJob(job);
  }

  async function decide(id: string, decision: Omit<TApprovalDecision, "stepIndex" | "at">): Promise<TJob> {
    const job = await load(id);
    if (job.status !== "awaiting_approval") throw conflict(`job ${id} is ${job.status}, not awaiting approval`);
    const metadata = readMetadata(job.metadata);
    const stepIndex = metadata.awaiting?.stepIndex ?? job.currentStep ?? 0;
    const label = stepLabel(await pinnedSteps(job.workflowId, job.workflowVersion), stepIndex);
    const { awaiting: _, ...rest } = metadata;
    const record: TApprovalDecision = { ...decision, stepIndex, at: new Date().toISOString() };
    const next: TJobMetadata = { ...rest, approvals: [...(metadata.approvals ?? []), record] };
    const approved = decision.decision === "approved";
    // Approving resumes the run; rejecting frees the job whatever the disk holds.
    if (approved) await requireFreeDisk(config);
    const reason = `${approved ? "approved" : "rejected"}${decision.by === "timeout" ? " automatically after the approval timeout" : ""}`;
    const comment = decision.comment ? `: ${decision.comment}` : "";
    const moved = await transition(
      job,
      ["awaiting_approval"],
      approved
        ? { status: "queued", metadata: metadataJson(next), approvalDeadline: null }
        : { status: "cancelled", metadata: metadataJson(next), approvalDeadline: null, error: `${label} ${reason}${comment}`, completedAt: new Date() },
    );
    if (!moved) throw conflict(`job ${id} is no longer awaiting approval`);
    await appendJobLog(db, bus, id, approved ? "info" : "warn", `${label} ${reason}${comment}`);
    await publishState(moved);
    return approved ? enqueue(moved) : toJob(moved);
  }

  const service = {
    create,

    /** `workflows.execute`: create a job for the workflow's current version and queue it. */
    executeWorkflow: (input: z.input<typeof ZWorkflowExecuteSchema>) => create({ ...ZWorkflowExecuteSchema.parse(input), start: true }),

    /** Queues a job created with `start: false`. */
    async execute(id: string): Promise<TJob> {
      const job = await load(id);
      if (job.status === "created") await requireFreeDisk(config);
      const moved = await transition(job, ["created"], { status: "queued" });
      if (!moved) throw conflict(`job ${id} is already ${job.status}`);
      await publishState(moved);
      return enqueue(moved);
    },

    async list(input: z.input<typeof ZJobListSchema> = {}) {
      const { page, pageSize, workflowId, inputDataId, status, sort, order, search } = ZJobListSchema.parse(input);
      const where = {
        ...(workflowId ? { workflowId } : {}),
        ...(inputDataId ? { inputDataId } : {}),
        ...(status ? { status } : {}),
        ...(search ? { OR: [{ id: { contains: search } }, { workflow: { name: containsText(config, search) } }] } : {}),
      };
      const [rows, total] = await db.$transaction([
        db.job.findMany({
          where,
          orderBy: [{ [sort]: order }, { id: order }],
          skip: (page - 1) * pageSize,
          take: pageSize,
          include: { workflow: { select: { name: true } } },
        }),
        db.job.count({ where }),
      ]);
      const items = rows.map(({ workflow, ...row }) => {
        // The list stays light: parameters, per-step metadata and previews are in `get`.
        const { metadata: _, parameters: __, ...job } = toJob(row);
        return { ...job, workflowName: workflow.name };
      });
      return { items, total, page, pageSize };
    },

    /** The job, its steps (definition + result), and one page of its logs. */
    async get(input: z.input<typeof ZJobGetSchema>) {
      const { id, logCursor, logLimit } = ZJobGetSchema.parse(input);
      const row = await db.job.findUnique({ where: { id }, include: { workflow: { select: { name: true } } } });
      if (!row) throw notFound("job", id);
      const { workflow, ...jobRow } = row;
      const job = toJob(jobRow);
      const definitions = await pinnedSteps(job.workflowId, job.workflowVersion);
      const steps: TJobStepView[] = definitions.map((step, index) => {
        const result = job.metadata.steps[index] ?? null;
        const live =
          job.status === "awaiting_approval" && job.metadata.awaiting?.stepIndex === index
            ? "awaiting_approval"
            : job.status === "running" && job.currentStep === index
              ? "running"
              : "pending";
        return { index, id: step.id, name: step.name, type: step.type, requireApproval: step.requireApproval, status: result?.status ?? live, result };
      });
      const logRows = await db.jobLog.findMany({ where: { jobId: id, sequence: { gt: logCursor ?? 0 } }, orderBy: { sequence: "asc" }, take: logLimit + 1 });
      const logs = logRows.slice(0, logLimit).map(toLogEntry);
      const nextLogCursor = logRows.length > logLimit ? (logs.at(-1)?.sequence ?? null) : null;
      return { job: { ...job, workflowName: workflow.name }, steps, logs, nextLogCursor };
    },

    /** Queued or waiting jobs never run; a running one is stopped through its AbortSignal. */
    async cancel(id: string): Promise<TJob> {
      // Two tries: the job may move from queued to running between reading and writing.
      for (let i = 0; i < 2; i++) {
        const job = await load(id);
        if (isFinished(job.status)) throw conflict(`job ${id} is already ${job.status}`);
        const moved = await transition(job, [job.status as TJobStatus], {
          status: "cancelled",
          error: "cancelled by user",
          completedAt: new Date(),
          approvalDeadline: null,
        });
        if (!moved) continue;
        await queue.cancel(id);
        // A running job's own runner logs its stop; nobody else writes this job's log meanwhile.
        if (job.status !== "running") await appendJobLog(db, bus, id, "warn", "cancelled by user");
        await publishState(moved);
        return toJob(moved);
      }
      throw conflict(`job ${id} changed while cancelling; try again`);
    },

    /**
     * Deletes a job that is not queued, running or awaiting approval (cancel it first), with its
     * logs and what its runs stored (checkpoints, exported files). Its result artifact stays, as
     * data of its own, no longer linked to the job. Refused while an unfinished retry of it may
     * resume from its checkpoints.
     */
    async delete(id: string): Promise<{ id: string; deletedObjects: number; keptResultDataId: string | null }> {
      const job = await load(id);
      if (job.status !== "created" && !isFinished(job.status)) throw conflict(`job ${id} is ${job.status}; cancel it first`);
      const retry = await db.job.findFirst({ where: { retryOfId: id, status: { notIn: [...FINISHED_JOB_STATUSES] } }, select: { id: true } });
      if (retry) throw conflict(`job ${id} has an unfinished retry (${retry.id}) that resumes from its checkpoints; cancel that first`);
      const results = await resultArtifactKeys(db, [id]);
      // Only as read: a `created` job queued meanwhile is not deleted from under its runner.
      const { count } = await db.job.deleteMany({ where: { id, status: job.status } });
      if (count === 0) throw conflict(`job ${id} changed while deleting; try again`);
      const deletedObjects = await deleteRunObjects({ storage, config }, [job], results);
      return { id, deletedObjects, keptResultDataId: job.resultDataId };
    },

    /** A new job (attempt + 1) for the same input; `fromStep: "failed"` reuses the checkpoints before the failed step. */
    async retry(input: z.input<typeof ZJobRetrySchema>): Promise<TJob> {
      const { id, fromStep, version } = ZJobRetrySchema.parse(input);
      const old = await load(id);
      if (!isFinished(old.status)) throw conflict(`job ${id} is ${old.status}; only finished jobs can be retried`);
      await requireFreeDisk(config);
      const workflow = await db.workflow.findUnique({ where: { id: old.workflowId } });
      if (!workflow) throw notFound("workflow", old.workflowId);
      const workflowVersion = version === "latest" ? workflow.version : old.workflowVersion;
      const steps = await pinnedSteps(old.workflowId, workflowVersion);
      const metadata = emptyMetadata();
      if (fromStep === "failed") {
        const oldMeta = readMetadata(old.metadata);
        const failed = oldMeta.failedStep;
        if (old.status !== "failed" || failed === undefined) throw invalid(`job ${id} did not fail in a step; retry it from the start`, { fromStep: "no failed step" });
        if (workflowVersion !== old.workflowVersion) {
          const before = (await pinnedSteps(old.workflowId, old.workflowVersion)).slice(0, failed);
          if (JSON.stringify(before) !== JSON.stringify(steps.slice(0, failed))) {
            throw invalid(`the steps before the failed one changed since job ${id} ran; retry from the start`, { fromStep: "steps changed" });
          }
        }
        metadata.steps = oldMeta.steps.slice(0, failed);
      }
      if (!old.inputDataId && steps.some((s) => s.type === "loading")) {
        throw invalid(`the input data of job ${id} was deleted; start a new job with another file`);
      }
      const job = await db.job.create({
        data: {
          workflowId: old.workflowId,
          workflowVersion,
          inputDataId: old.inputDataId,
          parameters: (old.parameters ?? {}) as Prisma.InputJsonObject,
          metadata: metadataJson(metadata),
          attempt: old.attempt + 1,
          retryOfId: old.id,
        },
      });
      await appendJobLog(db, bus, job.id, "info", `retry of job ${id} (attempt ${job.attempt}) from ${fromStep === "failed" ? stepLabel(steps, metadata.steps.length) : "the start"}`);
      return enqueue(job);
    },

    async approve(input: z.input<typeof ZJobApproveSchema>, by: TApprovalDecision["by"] = "user") {
      const { id, comment } = ZJobApproveSchema.parse(input);
      return decide(id, { decision: "approved", comment, by });
    },

    async reject(input: z.input<typeof ZJobRejectSchema>, by: TApprovalDecision["by"] = "user") {
      const { id, comment } = ZJobRejectSchema.parse(input);
      return decide(id, { decision: "rejected", comment, by });
    },

    /** Applies each overdue approval's timeout action (from the workflow's global config). */
    async sweepApprovalTimeouts(): Promise<number> {
      const overdue = await db.job.findMany({ where: { status: "awaiting_approval", approvalDeadline: { lt: new Date() } } });
      let decided = 0;
      for (const job of overdue) {
        const action = readMetadata(job.metadata).awaiting?.timeoutAction ?? "reject";
        const decision = { decision: action === "approve" ? "approved" : "rejected", by: "timeout", comment: undefined } as const;
        try {
          await decide(job.id, decision);
          decided++;
        } catch (err) {
          // Someone decided it by hand meanwhile, or the disk is too full to resume it: the next sweep tries again.
          if (!(err instanceof DomainError && (err.kind === "CONFLICT" || err.kind === "INSUFFICIENT_STORAGE"))) throw err;
        }
      }
      return decided;
    },

    /** The result artifact and the run report of a completed job. */
    async result(id: string) {
      const job = toJob(await load(id));
      if (job.status !== "completed") throw conflict(`job ${id} is ${job.status}; a result exists only once it completed`);
      const artifact = job.resultDataId ? await db.dataArtifact.findUnique({ where: { id: job.resultDataId } }) : null;
      return { job, artifact: artifact ? toArtifact(artifact) : null, report: job.metadata.report ?? null, steps: job.metadata.steps };
    },

    /** A page of the table a step of the job left behind, read from its checkpoint (the approval preview pages through it). */
    async stepSample(input: z.input<typeof ZJobStepSampleSchema>): Promise<TSample> {
      const { id, stepIndex, limit, offset } = ZJobStepSampleSchema.parse(input);
      const step = readMetadata((await load(id)).metadata).steps[stepIndex];
      if (!step || step.status !== "completed") throw notFound("completed step", `${stepIndex + 1} of job ${id}`);
      if (!step.checkpointKey) throw invalid(`step ${stepIndex + 1} "${step.name}" of job ${id} left no table behind`);
      return sampleParquet({ storage, config }, step.checkpointKey, { limit, offset });
    },

    /** Dashboard figures: counts by status, success rate, mean duration, and recent runs per workflow. */
    async stats() {
      const since = new Date(Date.now() - 7 * 24 * 3600 * 1000);
      const [byStatus, durations, perWorkflow, queueStats] = await Promise.all([
        db.job.groupBy({ by: ["status"], _count: { _all: true } }),
        db.job.findMany({
          where: { status: "completed", startedAt: { not: null } },
          orderBy: { completedAt: "desc" },
          take: 500,
          select: { startedAt: true, completedAt: true },
        }),
        db.job.groupBy({ by: ["workflowId", "status"], where: { createdAt: { gte: since } }, _count: { _all: true }, _max: { createdAt: true } }),
        queue.stats(),
      ]);
      const counts = Object.fromEntries(byStatus.map((g) => [g.status, g._count._all])) as Partial<Record<TJobStatus, number>>;
      const completed = counts.completed ?? 0;
      const failed = counts.failed ?? 0;
      const ms = durations.map((d) => d.completedAt!.getTime() - d.startedAt!.getTime());
      const names = new Map(
        (await db.workflow.findMany({ where: { id: { in: [...new Set(perWorkflow.map((g) => g.workflowId))] } }, select: { id: true, name: true } })).map((w) => [w.id, w.name]),
      );
      const workflows = new Map<string, { workflowId: string; name: string; total: number; byStatus: Partial<Record<TJobStatus, number>>; lastRunAt: Date | null }>();
      for (const g of perWorkflow) {
        const w = workflows.get(g.workflowId) ?? { workflowId: g.workflowId, name: names.get(g.workflowId) ?? "?", total: 0, byStatus: {}, lastRunAt: null };
        w.total += g._count._all;
        w.byStatus[g.status as TJobStatus] = g._count._all;
        if (g._max.createdAt && (!w.lastRunAt || g._max.createdAt > w.lastRunAt)) w.lastRunAt = g._max.createdAt;
        workflows.set(g.workflowId, w);
      }
      return {
        counts,
        total: byStatus.reduce((n, g) => n + g._count._all, 0),
        /** completed / (completed + failed); null before any job finished. */
        successRate: completed + failed > 0 ? completed / (completed + failed) : null,
        /** Mean run time of the last 500 completed jobs. */
        averageDurationMs: ms.length ? Math.round(ms.reduce((a, b) => a + b, 0) / ms.length) : null,
        /** Jobs per workflow created in the last 7 days, most recent first. */
        recentByWorkflow: [...workflows.values()].sort((a, b) => (b.lastRunAt?.getTime() ?? 0) - (a.lastRunAt?.getTime() ?? 0)),
        queue: queueStats,
      };
    },

    /**
     * The job's state now (unless the client already has it), then every change, until it
     * finishes. Event ids are state keys, so a reconnecting client gets no duplicate.
     */
    async watch(input: z.input<typeof ZJobSubscribeSchema>, signal: AbortSignal): Promise<AsyncGenerator<{ id: string; state: TJobState }>> {
      const { id, lastEventId } = ZJobSubscribeSchema.parse(input);
      await load(id); // a missing job is an error of the call, not of the stream
      return watchState(id, lastEventId, signal);
    },

    /**
     * The job's log lines after `lastEventId` (a sequence number) from the DB, then live ones,
     * until the job finishes. Lines are published only once stored, so replay + live has no gap.
     */
    async watchLogs(input: z.input<typeof ZJobSubscribeSchema>, signal: AbortSignal): Promise<AsyncGenerator<TJobLogEntry>> {
      const { id, lastEventId } = ZJobSubscribeSchema.parse(input);
      await load(id);
      return watchLogLines(id, lastEventId, signal);
    },
  };
  return service;

  async function* watchState(id: string, lastEventId: string | null | undefined, signal: AbortSignal): AsyncGenerator<{ id: string; state: TJobState }> {
    const events = bus.stream(id, signal); // listening before reading, so no change falls in between
    try {
      let last = toJobState(await load(id));
      if (stateEventId(last) !== lastEventId) yield { id: stateEventId(last), state: last };
      if (isFinished(last.status)) return;
      for await (const event of events) {
        if (event.kind !== "state") continue;
        const state = event.state;
        // A change published before our read can arrive after it; skip what we already moved past.
        if (stateEventId(state) === stateEventId(last) || (state.status === last.status && state.progress < last.progress)) continue;
        last = state;
        yield { id: stateEventId(state), state };
        if (isFinished(state.status)) return;
      }
    } catch (err) {
      if (!signal.aborted) throw err;
    } finally {
      await events.return?.();
    }
  }

  async function* watchLogLines(id: string, lastEventId: string | null | undefined, signal: AbortSignal): AsyncGenerator<TJobLogEntry> {
    const events = bus.stream(id, signal);
    let last = Math.max(0, Number.parseInt(lastEventId ?? "0", 10) || 0);
    async function* replay() {
      for (;;) {
        const rows = await db.jobLog.findMany({ where: { jobId: id, sequence: { gt: last } }, orderBy: { sequence: "asc" }, take: LOG_REPLAY_PAGE });
        for (const row of rows) {
          last = row.sequence;
          yield toLogEntry(row);
        }
        if (rows.length < LOG_REPLAY_PAGE) return;
      }
    }
    try {
      const job = await load(id);
      yield* replay();
      if (isFinished(job.status)) return;
      for await (const event of events) {
        if (event.kind === "logs") {
          for (const log of event.logs) {
            if (log.sequence <= last) continue; // replayed already
            if (log.sequence === last + 1) {
              last = log.sequence;
              yield log;
            } else yield* replay(); // a gap: the DB has every line up to this batch's end
          }
        } else if (event.kind === "state" && isFinished(event.state.status)) {
          yield* replay();
          return;
        }
      }
    } catch (err) {
      if (!signal.aborted) throw err;
    } finally {
      await events.return?.();
    }
  }
}

export type TJobService = ReturnType<typeof createJobService>;
