import { requireFreeDisk } from "../data/disk-space.ts";
import type { Prisma } from "../db/generated/sqlite/client.ts";
import { conflict, DomainError, invalid, isForeignKeyViolation, notFound } from "../errors.ts";
import {
  FINISHED_JOB_STATUSES,
  isFinishedJobStatus,
  ZJobApproveSchema,
  ZJobCreateSchema,
  ZJobRejectSchema,
  ZJobRetrySchema,
  ZWorkflowExecuteSchema,
  type TJobStatus,
} from "../schemas/index.ts";
import type { z } from "zod";
import { appendJobLog } from "./job-log.ts";
import { emptyMetadata, metadataJson, readMetadata, stepLabel, type TApprovalDecision, type TJobMetadata } from "./job-metadata.ts";
import { loadJob, pinnedSteps, toJob, type TJob, type TJobRow, type TJobServiceDeps } from "./job-rows.ts";
import { toJobState } from "./job-state.ts";
import { deleteRunObjects, resultArtifactKeys } from "./run-objects.ts";

/**
 * What changes a job: create, execute, cancel, retry, approve, reject, delete. Whatever queues a
 * run (create with `start`, execute, retry, approve) is refused with INSUFFICIENT_STORAGE while
 * the disk is below DISK_MIN_FREE_BYTES: a run's workspace, spill files and result land there.
 */
export function jobCommands({ db, bus, queue, storage, config }: TJobServiceDeps) {
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
  async function transition(
    job: TJobRow,
    from: TJobStatus[],
    data: Prisma.JobUpdateManyMutationInput & { status: TJobStatus },
  ): Promise<TJobRow | null> {
    const { count } = await db.job.updateMany({ where: { id: job.id, status: { in: from } }, data });
    return count === 0 ? null : ({ ...job, ...data, updatedAt: new Date() } as TJobRow);
  }

  async function create(input: z.input<typeof ZJobCreateSchema>): Promise<TJob> {
    const { workflowId, inputDataId, parameters, start } = ZJobCreateSchema.parse(input);
    if (start) await requireFreeDisk(config);
    const workflow = await db.workflow.findUnique({ where: { id: workflowId } });
    if (!workflow) throw notFound("workflow", workflowId);
    if (!inputDataId && (await pinnedSteps(db, workflowId, workflow.version)).some((s) => s.type === "loading")) {
      throw invalid(`workflow "${workflow.name}" has a loading step, so the job needs inputDataId (an uploaded file)`, {
        inputDataId: "required by the loading step",
      });
    }
    // The input's foreign key proves it exists: no read before the insert.
    const job = await db.job
      .create({
        data: {
          workflowId,
          workflowVersion: workflow.version,
          status: start ? "queued" : "created",
          inputDataId,
          parameters: parameters as Prisma.InputJsonObject,
          metadata: metadataJson(emptyMetadata()),
        },
      })
      .catch((err: unknown) => {
        throw inputDataId && isForeignKeyViolation(err) ? notFound("data", inputDataId) : err;
      });
    return start ? enqueue(job) : toJob(job);
  }

  async function decide(id: string, decision: Omit<TApprovalDecision, "stepIndex" | "at">): Promise<TJob> {
    const job = await loadJob(db, id);
    if (job.status !== "awaiting_approval") throw conflict(`job ${id} is ${job.status}, not awaiting approval`);
    const metadata = readMetadata(job.metadata, job.id);
    const stepIndex = metadata.awaiting?.stepIndex ?? job.currentStep ?? 0;
    const label = stepLabel(await pinnedSteps(db, job.workflowId, job.workflowVersion), stepIndex);
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
        : {
            status: "rejected",
            metadata: metadataJson(next),
            approvalDeadline: null,
            error: `${label} ${reason}${comment}`,
            completedAt: new Date(),
          },
    );
    if (!moved) throw conflict(`job ${id} is no longer awaiting approval`);
    await appendJobLog(db, bus, id, approved ? "info" : "warn", `${label} ${reason}${comment}`);
    await publishState(moved);
    return approved ? enqueue(moved) : toJob(moved);
  }

  return {
    create,

    /** `workflows.execute`: create a job for the workflow's current version and queue it. */
    executeWorkflow: (input: z.input<typeof ZWorkflowExecuteSchema>) => create({ ...ZWorkflowExecuteSchema.parse(input), start: true }),

    /** Queues a job created with `start: false`. */
    async execute(id: string): Promise<TJob> {
      const job = await loadJob(db, id);
      if (job.status === "created") await requireFreeDisk(config);
      const moved = await transition(job, ["created"], { status: "queued" });
      if (!moved) throw conflict(`job ${id} is already ${job.status}`);
      await publishState(moved);
      return enqueue(moved);
    },

    /** Queued or waiting jobs never run; a running one is stopped through its AbortSignal. */
    async cancel(id: string): Promise<TJob> {
      // Two tries: the job may move from queued to running between reading and writing.
      for (let i = 0; i < 2; i++) {
        const job = await loadJob(db, id);
        if (isFinishedJobStatus(job.status)) throw conflict(`job ${id} is already ${job.status}`);
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
      const job = await loadJob(db, id);
      if (job.status !== "created" && !isFinishedJobStatus(job.status)) throw conflict(`job ${id} is ${job.status}; cancel it first`);
      const retry = await db.job.findFirst({
        where: { retryOfId: id, status: { notIn: [...FINISHED_JOB_STATUSES] } },
        select: { id: true },
      });
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
      const old = await loadJob(db, id);
      if (!isFinishedJobStatus(old.status)) throw conflict(`job ${id} is ${old.status}; only finished jobs can be retried`);
      await requireFreeDisk(config);
      const workflow = await db.workflow.findUnique({ where: { id: old.workflowId } });
      if (!workflow) throw notFound("workflow", old.workflowId);
      const workflowVersion = version === "latest" ? workflow.version : old.workflowVersion;
      const steps = await pinnedSteps(db, old.workflowId, workflowVersion);
      const metadata = emptyMetadata();
      if (fromStep === "failed") {
        const oldMeta = readMetadata(old.metadata, old.id);
        const failed = oldMeta.failedStep;
        if (old.status !== "failed" || failed === undefined)
          throw invalid(`job ${id} did not fail in a step; retry it from the start`, { fromStep: "no failed step" });
        if (workflowVersion !== old.workflowVersion) {
          const before = (await pinnedSteps(db, old.workflowId, old.workflowVersion)).slice(0, failed);
          if (JSON.stringify(before) !== JSON.stringify(steps.slice(0, failed))) {
            throw invalid(`the steps before the failed one changed since job ${id} ran; retry from the start`, {
              fromStep: "steps changed",
            });
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
      await appendJobLog(
        db,
        bus,
        job.id,
        "info",
        `retry of job ${id} (attempt ${job.attempt}) from ${fromStep === "failed" ? stepLabel(steps, metadata.steps.length) : "the start"}`,
      );
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
        const action = readMetadata(job.metadata, job.id).awaiting?.timeoutAction ?? "reject";
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
  };
}
