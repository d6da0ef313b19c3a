import { z } from "zod";
import { ZStepTypeSchema } from "./workflow.ts";

/**
 * What a finished step leaves in its job's metadata (the engine's TStepResult). Results stored
 * before links were loaded beside points have no `linksCheckpointKey`, before the change ledger
 * no `metadata.ledger`: both read as "none".
 */
export const ZStepResultSchema = z.object({
  index: z.number().int().min(0),
  name: z.string(),
  type: ZStepTypeSchema,
  status: z.enum(["completed", "failed"]),
  startedAt: z.string(),
  completedAt: z.string(),
  metadata: z.record(z.string(), z.unknown()),
  checkpointKey: z.string().nullable(),
  linksCheckpointKey: z.string().nullable().optional(),
  /** Of the time from start to completion, the milliseconds spent writing the step's checkpoints. */
  checkpointMs: z.number().min(0).optional(),
});

/** The table a step asking for approval left behind, as far as the approver sees it. */
export const ZApprovalPreviewSchema = z.object({
  columns: z.array(z.string()),
  rows: z.array(z.record(z.string(), z.unknown())),
  metadata: z.record(z.string(), z.unknown()),
});

export const ZApprovalDecisionSchema = z.object({
  stepIndex: z.number().int().min(0),
  decision: z.enum(["approved", "rejected"]),
  comment: z.string().optional(),
  by: z.enum(["user", "timeout"]),
  at: z.string(),
});

/**
 * A job row's `metadata`: per-step results (with checkpoint keys), approval state, report. Jobs
 * created before per-step results were kept store `{}`; they read as no steps yet.
 */
export const ZJobMetadataSchema = z.object({
  steps: z.array(ZStepResultSchema.nullable()).default([]),
  /** Index of the step that failed, when the job failed in a step. */
  failedStep: z.number().int().min(0).optional(),
  awaiting: z
    .object({
      stepIndex: z.number().int().min(0),
      preview: ZApprovalPreviewSchema,
      since: z.string(),
      timeoutAction: z.enum(["approve", "reject"]).optional(),
    })
    .optional(),
  approvals: z.array(ZApprovalDecisionSchema).optional(),
  /** The step the run is in and when it began, for "Prepare · 12 s" while it runs. */
  running: z.object({ stepIndex: z.number().int().min(0), startedAt: z.string() }).optional(),
  report: z.record(z.string(), z.unknown()).optional(),
  /** How often a worker died while holding this job; past MAX_RECOVERIES it fails. */
  recoveries: z.number().int().min(0).optional(),
});
