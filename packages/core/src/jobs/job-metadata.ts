import type { z } from "zod";
import type { TStepResult } from "../aw-engine/run-types.ts";
import type { Prisma } from "../db/generated/sqlite/client.ts";
import { parseStored } from "../db/stored-json.ts";
import { type ZApprovalDecisionSchema, type ZApprovalPreviewSchema, ZJobMetadataSchema } from "../schemas/job-metadata.ts";

/** `step 2 "Clean"`, as logs and errors name a step. */
export const stepLabel = (steps: { name: string }[], index: number) => `step ${index + 1} "${steps[index]?.name ?? "?"}"`;

export type TApprovalPreview = z.infer<typeof ZApprovalPreviewSchema>;
export type TApprovalDecision = z.infer<typeof ZApprovalDecisionSchema>;
export type TJobMetadata = z.infer<typeof ZJobMetadataSchema>;

export const emptyMetadata = (): TJobMetadata => ({ steps: [] });

/** For writing to the JSON column: TJobMetadata is plain JSON by construction. */
export const metadataJson = (metadata: TJobMetadata) => metadata as unknown as Prisma.InputJsonValue;

/** The job row's `metadata`, parsed (older shapes upgraded); `jobId` names the row when it does not parse. */
export const readMetadata = (json: unknown, jobId?: string): TJobMetadata =>
  parseStored(ZJobMetadataSchema, json ?? {}, jobId ? `job ${jobId}` : "a job", "metadata");

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
