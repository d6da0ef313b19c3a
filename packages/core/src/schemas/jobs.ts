import { z } from "zod";
import { ZIdSchema } from "./ids.ts";
import { ZRowViewSchema } from "./row-view.ts";
import { ZPageSchema, ZSortOrderSchema } from "./pagination.ts";

/**
 * `created` jobs wait for `jobs.execute`; the rest follow queued → running → (awaiting_approval) → end.
 * `rejected` is a job a person (or the approval timeout) turned down at an approval step.
 */
export const JOB_STATUSES = ["created", "queued", "running", "awaiting_approval", "completed", "failed", "cancelled", "rejected"] as const;
export const ZJobStatusSchema = z.enum(JOB_STATUSES);
export type TJobStatus = z.infer<typeof ZJobStatusSchema>;
/** Started and not ended: the job runs, waits for a worker or waits for a human. Its input and workflow cannot be deleted meanwhile. */
export const ACTIVE_JOB_STATUSES: readonly TJobStatus[] = ["queued", "running", "awaiting_approval"];
/** Ended for good: nothing runs or writes to the job any more; it can be retried or deleted. */
export const FINISHED_JOB_STATUSES: readonly TJobStatus[] = ["completed", "failed", "cancelled", "rejected"];
// Statuses come from database rows as plain strings, hence `string`.
export const isActiveJobStatus = (status: string) => (ACTIVE_JOB_STATUSES as readonly string[]).includes(status);
export const isFinishedJobStatus = (status: string) => (FINISHED_JOB_STATUSES as readonly string[]).includes(status);

/** Job parameters as JSON are at most this long, so a job row stays small however it is read. */
export const JOB_PARAMETERS_MAX_BYTES = 64 * 1024;

/** Bytes of the value as UTF-8 JSON; undefined when it is no JSON (BigInt, a cycle, nesting deeper than the stack). */
function jsonBytes(value: unknown): number | undefined {
  try {
    return new TextEncoder().encode(JSON.stringify(value)).length;
  } catch {
    return undefined;
  }
}

/** Free-form parameters handed to the job: any JSON object up to JOB_PARAMETERS_MAX_BYTES. */
export const ZJobParametersSchema = z
  .record(z.string(), z.unknown())
  .default({})
  .superRefine((parameters, ctx) => {
    const bytes = jsonBytes(parameters);
    if (bytes === undefined) ctx.addIssue({ code: "custom", message: "parameters must be plain JSON" });
    else if (bytes > JOB_PARAMETERS_MAX_BYTES)
      ctx.addIssue({ code: "custom", message: `parameters are ${bytes} bytes as JSON; at most ${JOB_PARAMETERS_MAX_BYTES} are allowed` });
  });

export const ZJobCreateSchema = z.object({
  workflowId: ZIdSchema,
  inputDataId: ZIdSchema.optional(),
  parameters: ZJobParametersSchema,
  /** false keeps the job `created` until `jobs.execute`; by default it is queued at once. */
  start: z.boolean().default(true),
});
export type TJobCreate = z.input<typeof ZJobCreateSchema>;

/** `workflows.execute`: create and start a job in one call. */
export const ZWorkflowExecuteSchema = ZJobCreateSchema.omit({ start: true });

export const JOB_SORT_FIELDS = ["createdAt", "startedAt", "completedAt", "status", "progress"] as const;
export const ZJobListSchema = ZPageSchema.extend({
  workflowId: ZIdSchema.optional(),
  /** Jobs that read this artifact as their input (lineage). */
  inputDataId: ZIdSchema.optional(),
  status: ZJobStatusSchema.optional(),
  sort: z.enum(JOB_SORT_FIELDS).default("createdAt"),
  order: ZSortOrderSchema.default("desc"),
});
export type TJobList = z.input<typeof ZJobListSchema>;

export const ZJobGetSchema = z.object({
  id: ZIdSchema,
  /** Logs after this sequence number (exclusive); the response's `nextLogCursor` continues. */
  logCursor: z.number().int().min(0).optional(),
  logLimit: z.number().int().min(1).max(1000).default(200),
});

export const ZJobRetrySchema = z.object({
  id: ZIdSchema,
  /** `failed` reuses the checkpoints of the steps before the one that failed. */
  fromStep: z.enum(["start", "failed"]).default("start"),
  /** `latest` runs the workflow's current definition instead of the one the job pinned. */
  version: z.enum(["pinned", "latest"]).default("pinned"),
});

/** A page of the table a step left behind (its checkpoint), e.g. to check it before approving. */
export const ZJobStepSampleSchema = z.object({
  id: ZIdSchema,
  stepIndex: z.number().int().min(0),
  /** The step's table, or the links table a step kept beside its points (nodes + links inputs). */
  table: z.enum(["points", "links"]).default("points"),
  view: ZRowViewSchema.optional(),
  limit: z.number().int().min(1).max(1000).default(50),
  offset: z.number().int().min(0).default(0),
});

export const ZJobApproveSchema = z.object({ id: ZIdSchema, comment: z.string().trim().max(2000).optional() });
export const ZJobRejectSchema = z.object({ id: ZIdSchema, comment: z.string().trim().min(1, "say why the step is rejected").max(2000) });

/** `lastEventId` is what tRPC's SSE link sends back when it reconnects. */
export const ZJobSubscribeSchema = z.object({ id: ZIdSchema, lastEventId: z.string().max(200).nullish() });

export const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;
export type TLogLevel = (typeof LOG_LEVELS)[number];

/** What `jobs.onJob` streams: the live part of a job, times as ISO strings. */
export type TJobState = {
  id: string;
  status: TJobStatus;
  progress: number;
  currentStep: number | null;
  error: string | null;
  resultDataId: string | null;
  /** When this state came about (for a progress change: when the engine reported it). */
  updatedAt: string;
};

/** One log line, as `jobs.get` pages them and `jobs.onLogs` streams them. */
export type TJobLogEntry = {
  sequence: number;
  level: TLogLevel;
  message: string;
  data: Record<string, unknown> | null;
  time: string;
};
