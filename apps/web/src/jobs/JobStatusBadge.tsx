import type { TJobStatus } from "@aw/core/schemas";
import { Badge, Loader } from "@mantine/core";
import { STATUS_META } from "./status.ts";

export function JobStatusBadge({ status, size = "md" }: { status: TJobStatus; size?: "sm" | "md" | "lg" }) {
  const meta = STATUS_META[status];
  return (
    <Badge
      color={meta.color}
      variant="light"
      size={size}
      data-testid="job-status"
      data-status={status}
      leftSection={status === "running" ? <Loader size={10} color={meta.color} /> : undefined}
      // A status is read whole: the badge keeps its width and the table around it scrolls instead.
      style={{ textTransform: "none", minWidth: "max-content" }}
    >
      {meta.label}
    </Badge>
  );
}
