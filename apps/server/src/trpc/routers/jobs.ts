import {
  ZByIdSchema,
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
import { publicProcedure, router } from "../init.ts";

/** tRPC always passes a signal to subscriptions; this keeps the type honest. */
const required = (signal: AbortSignal | undefined) => signal ?? new AbortController().signal;

export const jobsRouter = router({
  create: publicProcedure.input(ZJobCreateSchema).mutation(({ ctx, input }) => ctx.core.jobs.create(input)),
  execute: publicProcedure.input(ZByIdSchema).mutation(({ ctx, input }) => ctx.core.jobs.execute(input.id)),
  list: publicProcedure.input(ZJobListSchema).query(({ ctx, input }) => ctx.core.jobs.list(input)),
  get: publicProcedure.input(ZJobGetSchema).query(({ ctx, input }) => ctx.core.jobs.get(input)),
  cancel: publicProcedure.input(ZByIdSchema).mutation(({ ctx, input }) => ctx.core.jobs.cancel(input.id)),
  /** Refused (CONFLICT) while the job is queued, running or awaiting approval: cancel it first. */
  delete: publicProcedure.input(ZByIdSchema).mutation(({ ctx, input }) => ctx.core.jobs.delete(input.id)),
  retry: publicProcedure.input(ZJobRetrySchema).mutation(({ ctx, input }) => ctx.core.jobs.retry(input)),
  approve: publicProcedure.input(ZJobApproveSchema).mutation(({ ctx, input }) => ctx.core.jobs.approve(input)),
  reject: publicProcedure.input(ZJobRejectSchema).mutation(({ ctx, input }) => ctx.core.jobs.reject(input)),
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
