import type { TCore } from "@aw/core";
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
import { publicProcedure, router } from "../init.ts";

/** tRPC always passes a signal to subscriptions; this keeps the type honest. */
const required = (signal: AbortSignal | undefined) => signal ?? new AbortController().signal;

export const jobsRouter = router({
  create: publicProcedure
    .meta({ openapi: { method: "POST", path: "/jobs", tags: ["jobs"], summary: "Create a job (and start it unless start is false)" } })
    .input(ZJobCreateSchema)
    .output(answers<TCore["jobs"]["create"]>(ZJobAnswerSchema))
    .mutation(({ ctx, input }) => ctx.core.jobs.create(input)),
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
    .mutation(({ ctx, input }) => ctx.core.jobs.cancel(input.id)),
  /** Refused (CONFLICT) while the job is queued, running or awaiting approval: cancel it first. */
  delete: publicProcedure.input(ZByIdSchema).mutation(({ ctx, input }) => ctx.core.jobs.delete(input.id)),
  retry: publicProcedure
    .meta({ openapi: { method: "POST", path: "/jobs/{id}/retry", tags: ["jobs"], summary: "Run a finished job again as a new attempt" } })
    .input(ZJobRetrySchema)
    .output(answers<TCore["jobs"]["retry"]>(ZJobAnswerSchema))
    .mutation(({ ctx, input }) => ctx.core.jobs.retry(input)),
  approve: publicProcedure
    .meta({
      openapi: { method: "POST", path: "/jobs/{id}/approve", tags: ["jobs"], summary: "Approve the step a job waits at, and continue" },
    })
    .input(ZJobApproveSchema)
    .output(answers<TCore["jobs"]["approve"]>(ZJobAnswerSchema))
    .mutation(({ ctx, input }) => ctx.core.jobs.approve(input)),
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
    .mutation(({ ctx, input }) => ctx.core.jobs.reject(input)),
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
