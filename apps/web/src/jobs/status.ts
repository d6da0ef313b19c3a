import type { TJobStatus } from "@aw/core/schemas";

export const STATUS_META: Record<TJobStatus, { label: string; color: string }> = {
  created: { label: "Created", color: "gray" },
  queued: { label: "Queued", color: "blue" },
  running: { label: "Running", color: "indigo" },
  awaiting_approval: { label: "Awaiting approval", color: "yellow" },
  completed: { label: "Completed", color: "teal" },
  failed: { label: "Failed", color: "red" },
  cancelled: { label: "Cancelled", color: "gray" },
};

const ACTIVE: readonly TJobStatus[] = ["created", "queued", "running", "awaiting_approval"];

export const isActive = (status: TJobStatus) => ACTIVE.includes(status);
