import { isFinishedJobStatus, type TJobStatus } from "@aw/core/schemas";

export const STATUS_META: Record<TJobStatus, { label: string; color: string }> = {
  created: { label: "Created", color: "gray" },
  queued: { label: "Queued", color: "blue" },
  running: { label: "Running", color: "indigo" },
  awaiting_approval: { label: "Awaiting approval", color: "yellow" },
  completed: { label: "Completed", color: "teal" },
  failed: { label: "Failed", color: "red" },
  cancelled: { label: "Cancelled", color: "gray" },
  rejected: { label: "Rejected", color: "orange" },
};

/** Unlike core's ACTIVE_JOB_STATUSES this counts `created` too: such a job can still be cancelled, and it may start any moment. */
export const isActive = (status: TJobStatus) => !isFinishedJobStatus(status);
