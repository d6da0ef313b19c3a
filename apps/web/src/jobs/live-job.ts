import type { TJobState } from "@aw/core/schemas";
import type { TJobDetail } from "./job-types.ts";

const time = (value: Date | string) => new Date(value).getTime();

/**
 * The job as the page shows it: the fetched details, with the streamed state laid over them when the
 * stream is ahead (a refetch that left before the latest event must not wind the page back). Steps
 * before the streamed current step have ended; the current one runs; all have ended once the job completed.
 */
export function withLiveState(detail: TJobDetail | undefined, live: TJobState | null): TJobDetail | undefined {
  if (!detail || !live || live.id !== detail.job.id || time(detail.job.updatedAt) > time(live.updatedAt)) return detail;
  const { status, progress, currentStep, error, resultDataId } = live;
  const steps = detail.steps.map((step) => {
    // A completed job completed every step; the refetch brings their details a moment later.
    if (status === "completed" && step.status !== "completed") return { ...step, status: "completed" as const };
    if (currentStep === null || status !== "running") return step;
    if (step.index < currentStep && (step.status === "running" || step.status === "pending"))
      return { ...step, status: "completed" as const };
    if (step.index === currentStep && step.status === "pending") return { ...step, status: "running" as const };
    return step;
  });
  return { ...detail, job: { ...detail.job, status, progress, currentStep, error, resultDataId }, steps };
}

/** Keeps the newer of two streamed states: events can arrive out of order across a reconnect. */
export const newerState = (previous: TJobState | null, next: TJobState): TJobState =>
  previous && previous.id === next.id && time(next.updatedAt) < time(previous.updatedAt) ? previous : next;
