import { Button, Menu, Text } from "@mantine/core";
import { modals } from "@mantine/modals";
import { notifications } from "@mantine/notifications";
import { IconPlayerStop, IconRefresh } from "@tabler/icons-react";
import { useNavigate } from "react-router";
import { trpc } from "../trpc.ts";
import type { TJob } from "./job-types.ts";
import { isActive } from "./status.ts";

/** Cancel while active; retry (from the start or the failed step) once finished. */
export function JobActions({ job }: { job: TJob }) {
  const navigate = useNavigate();
  const utils = trpc.useUtils();
  const cancel = trpc.jobs.cancel.useMutation({
    onSuccess: () => {
      notifications.show({ color: "gray", title: "Job cancelled", message: job.workflowName });
      void utils.jobs.get.invalidate({ id: job.id });
    },
  });
  const retry = trpc.jobs.retry.useMutation({
    onSuccess: (next) => {
      notifications.show({ color: "teal", title: "Retry started", message: `Attempt ${next.attempt}` });
      void navigate(`/jobs/${next.id}`);
    },
  });
  if (isActive(job.status)) {
    return (
      <Button
        color="red"
        variant="light"
        leftSection={<IconPlayerStop size={16} />}
        loading={cancel.isPending}
        onClick={() =>
          modals.openConfirmModal({
            title: "Cancel this job?",
            children: <Text size="sm">The running step is interrupted; completed steps keep their results.</Text>,
            labels: { confirm: "Cancel job", cancel: "Keep running" },
            confirmProps: { color: "red" },
            onConfirm: () => cancel.mutate({ id: job.id }),
          })
        }
      >
        Cancel job
      </Button>
    );
  }
  const canResume = job.status === "failed" && job.metadata.failedStep !== undefined;
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button variant="light" leftSection={<IconRefresh size={16} />} loading={retry.isPending}>
          Retry
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item onClick={() => retry.mutate({ id: job.id, fromStep: "start" })}>From the start</Menu.Item>
        <Menu.Item disabled={!canResume} onClick={() => retry.mutate({ id: job.id, fromStep: "failed" })}>
          From the failed step{canResume ? ` (step ${(job.metadata.failedStep ?? 0) + 1})` : ""}
        </Menu.Item>
        <Menu.Item onClick={() => retry.mutate({ id: job.id, fromStep: "start", version: "latest" })}>
          With the latest workflow version
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
