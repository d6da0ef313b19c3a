import { Badge, Tooltip } from "@mantine/core";
import { trpc } from "../trpc.ts";

/** The number of jobs waiting for a decision, next to "Jobs" in the navigation. */
export function ApprovalsBadge() {
  const stats = trpc.jobs.stats.useQuery(undefined, { refetchInterval: 15_000, meta: { silent: true } });
  const waiting = stats.data?.counts.awaiting_approval ?? 0;
  if (!waiting) return null;
  return (
    <Tooltip label={`${waiting} job(s) awaiting approval`}>
      <Badge size="sm" color="yellow" variant="filled" circle>
        {waiting}
      </Badge>
    </Tooltip>
  );
}
