import type { TAuditRecord, TCore } from "@aw/core";
import {
  ZByIdSchema,
  ZJobAnswerSchema,
  ZJobDetailAnswerSchema,
  ZJobPageSchema,
  ZJobApproveSchema,
  ZJobCreateSchema,
  ZJobGetSchema,
  ZJobListSchema,
  ZJobRejectSchema,
  ZJobRetrySchema,
  ZJobStepSampleSchema,
  ZJobSubscribeSchema,
} from "@aw/core/schemas";
import { tracked } from "@trpc/server";
import { answers } from "../answers.ts";
import { recordAudit } from "../audit-record.ts";
import type { TContext } from "../context.ts";
import { publicProcedure, router } from "../init.ts";

type TJobRef = { id: string; workflowId: string; inputDataId: string | null };

/** The audit event of a job created (and started) by a call. */
export const jobCreated = (job: TJobRef): Omit<TAuditRecord, "actor"> => ({
  action: "job.create",
  target: { type: "job", id: job.id },
  summary: `ran workflow ${job.workflowId}${job.inputDataId ? ` on data ${job.inputDataId}` : ""}`,
  details: { workflowId: job.workflowId, inputDataId: job.inputDataId },
});

/** Records who approved or rejected the step a job waited at, with their comment. */
const recordDecision = (
  ctx: TContext,
  action: "job.approve" | "job.reject",
  job: { id: string; currentStep: number | null },
  comment?: string,
) =>
  recordAudit(ctx, {
    action,
    target: { type: "job", id: job.id },
    summary: `${action === "job.approve" ? "approved" : "rejected"} a step of job ${job.id}`,
    details: { step: job.currentStep, comment },
  });

/** tRPC always passes a signal to subscriptions; this keeps the type honest. */
const required = (signal: AbortSignal | undefined) => signal ?? new AbortController().signal;

export const jobsRouter = router({
  create: publicProcedure
    .meta({ openapi: { method: "POST", path: "/jobs", tags: ["jobs"], summary: "Create a job (and start it unless start is false)" } })
    .input(ZJobCreateSchema)
    .output(answers<TCore["jobs"]["create"]>(ZJobAnswerSchema))
    .mutation(async ({ ctx, input }) => {
      const job = await ctx.core.jobs.create(input);
      await recordAudit(ctx, jobCreated(job));
      return job;
    }),
  execute: publicProcedure
    .meta({ openapi: { method: "POST", path: "/jobs/{id}/execute", tags: ["jobs"], summary: "Start a created job" } })
    .input(ZByIdSchema)
    .output(answers<TCore["jobs"]["execute"]>(ZJobAnswerSchema))
    .mutation(({ ctx, input }) => ctx.core.jobs.execute(input.id)),
  list: publicProcedure
    .meta({ openapi: { method: "GET", path: "/jobs", tags: ["jobs"], summary: "List jobs, newest first" } })
    .input(ZJobListSchema)
    .output(answers<TCore["jobs"]["list"]>(ZJobPageSchema))
    .query(({ ctx, input }) => ctx.core.jobs.list(input)),
  get: publicProcedure
    .meta({ openapi: { method: "GET", path: "/jobs/{id}", tags: ["jobs"], summary: "A job with its steps and a page of its logs" } })
    .input(ZJobGetSchema)
    .output(answers<TCore["jobs"]["get"]>(ZJobDetailAnswerSchema))
    .query(({ ctx, input }) => ctx.core.jobs.get(input)),
  cancel: publicProcedure
    .meta({ openapi: { method: "POST", path: "/jobs/{id}/cancel", tags: ["jobs"], summary: "Cancel a job" } })
    .input(ZByIdSchema)
    .output(answers<TCore["jobs"]["cancel"]>(ZJobAnswerSchema))
    .mutation(async ({ ctx, input }) => {
      const job = await ctx.core.jobs.cancel(input.id);
      await recordAudit(ctx, { action: "job.cancel", target: { type: "job", id: job.id }, summary: `cancelled job ${job.id}` });
      return job;
    }),
  /** Refused (CONFLICT) while the job is queued, running or awaiting approval: cancel it first. */
  delete: publicProcedure.input(ZByIdSchema).mutation(async ({ ctx, input }) => {
    const deleted = await ctx.core.jobs.delete(input.id);
    await recordAudit(ctx, { action: "job.delete", target: { type: "job", id: input.id }, summary: `deleted job ${input.id}` });
    return deleted;
  }),
  retry: publicProcedure
    .meta({ openapi: { method: "POST", path: "/jobs/{id}/retry", tags: ["jobs"], summary: "Run a finished job again as a new attempt" } })
    .input(ZJobRetrySchema)
    .output(answers<TCore["jobs"]["retry"]>(ZJobAnswerSchema))
    .mutation(async ({ ctx, input }) => {
      const job = await ctx.core.jobs.retry(input);
      const summary = `retried job ${input.id} from ${input.fromStep === "failed" ? "the failed step" : "the start"} as job ${job.id}`;
      await recordAudit(ctx, {
        action: "job.retry",
        target: { type: "job", id: job.id },
        summary,
        details: { retryOf: input.id, fromStep: input.fromStep },
      });
      return job;
    }),
  approve: publicProcedure
    .meta({
      openapi: { method: "POST", path: "/jobs/{id}/approve", tags: ["jobs"], summary: "Approve the step a job waits at, and continue" },
    })
    .input(ZJobApproveSchema)
    .output(answers<TCore["jobs"]["approve"]>(ZJobAnswerSchema))
    .mutation(async ({ ctx, input }) => {
      const job = await ctx.core.jobs.approve(input);
      await recordDecision(ctx, "job.approve", job, input.comment);
      return job;
    }),
  reject: publicProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/jobs/{id}/reject",
        tags: ["jobs"],
        summary: "Reject the step a job waits at (ends the job as rejected)",
      },
    })
    .input(ZJobRejectSchema)
    .output(answers<TCore["jobs"]["reject"]>(ZJobAnswerSchema))
    .mutation(async ({ ctx, input }) => {
      const job = await ctx.core.jobs.reject(input);
      await recordDecision(ctx, "job.reject", job, input.comment);
      return job;
    }),
  result: publicProcedure.input(ZByIdSchema).query(({ ctx, input }) => ctx.core.jobs.result(input.id)),
  stepSample: publicProcedure.input(ZJobStepSampleSchema).query(({ ctx, input }) => ctx.core.jobs.stepSample(input)),
  stats: publicProcedure.query(({ ctx }) => ctx.core.jobs.stats()),

  /** Status, progress and current step: the current state first, then each change; resumes by lastEventId. */
  onJob: publicProcedure.input(ZJobSubscribeSchema).subscription(async ({ ctx, input, signal }) => {
    // Awaited before streaming, so a missing job is a NOT_FOUND of the call.
    const states = await ctx.core.jobs.watch(input, required(signal));
    return (async function* () {
      for await (const { id, state } of states) yield tracked(id, state);
    })();
  }),

  /** Log lines after lastEventId (a sequence number) from the database, then live. */
  onLogs: publicProcedure.input(ZJobSubscribeSchema).subscription(async ({ ctx, input, signal }) => {
    const logs = await ctx.core.jobs.watchLogs(input, required(signal));
    return (async function* () {
      for await (const log of logs) yield tracked(String(log.sequence), log);
    })();
  }),
});
