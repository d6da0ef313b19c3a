import type { TRunOutcome, TStepResult } from "../aw-engine/run-types.ts";
import type { Prisma } from "../db/generated/sqlite/client.ts";

/** `step 2 "Clean"`, as logs and errors name a step. */
export const stepLabel = (steps: { name: string }[], index: number) => `step ${index + 1} "${steps[index]?.name ?? "?"}"`;

export type TApprovalPreview = Extract<TRunOutcome, { status: "awaiting_approval" }>["preview"];

export type TApprovalDecision = {
  stepIndex: number;
  decision: "approved" | "rejected";
  comment?: string;
  by: "user" | "timeout";
  at: string;
};

/** The job row's `metadata` JSON: per-step results (with checkpoint keys), approval state, report. */
export type TJobMetadata = {
  steps: (TStepResult | null)[];
  /** Index of the step that failed, when the job failed in a step. */
  failedStep?: number;
  awaiting?: { stepIndex: number; preview: TApprovalPreview; since: string; timeoutAction?: "approve" | "reject" };
  approvals?: TApprovalDecision[];
  report?: Record<string, unknown>;
  /** How often a worker died while holding this job; past MAX_RECOVERIES it fails. */
  recoveries?: number;
};

export const emptyMetadata = (): TJobMetadata => ({ steps: [] });

/** For writing to the JSON column: TJobMetadata is plain JSON by construction. */
export const metadataJson = (metadata: TJobMetadata) => metadata as unknown as Prisma.InputJsonValue;

export function readMetadata(json: unknown): TJobMetadata {
  const m = (json ?? {}) as Partial<TJobMetadata>;
  return { ...m, steps: Array.isArray(m.steps) ? m.steps : [] };
}

/**
 * Where a run of this job starts: after the completed steps at the front of `steps`. Fresh jobs
 * start at 0; approved ones after the approved step; retries and recovered ones after their
 * last checkpointed step. Derived from the durable row, so every worker computes the same.
 */
export function resumePoint(metadata: TJobMetadata): { startAt: number; previous: TStepResult[] } {
  const previous: TStepResult[] = [];
  for (const step of metadata.steps) {
    if (!step || step.status !== "completed") break;
    previous.push(step);
  }
  return { startAt: previous.length, previous };
}
