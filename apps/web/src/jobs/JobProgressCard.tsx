import { Anchor, Card, Group, Progress, SimpleGrid, Text } from "@mantine/core";
import type { ReactNode } from "react";
import { Link } from "react-router";
import { useNow } from "../components/use-now.ts";
import { formatDateTime, formatDuration } from "../format.ts";
import type { TJob, TJobStep } from "./job-types.ts";
import { STATUS_META } from "./status.ts";

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div style={{ minWidth: 0 }}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
        {label}
      </Text>
      <Text size="sm" mt={2} truncate>
        {children}
      </Text>
    </div>
  );
}

/** Where the job is: progress, the step it is on, how long it has taken. */
export function JobProgressCard({ job, steps }: { job: TJob; steps: TJobStep[] }) {
  const running = job.status === "running" || job.status === "queued";
  const now = useNow(running);
  const started = job.startedAt ? new Date(job.startedAt).getTime() : null;
  const ended = job.completedAt ? new Date(job.completedAt).getTime() : now;
  const current = job.currentStep !== null ? steps[job.currentStep] : undefined;
  const color = STATUS_META[job.status].color;
  // How long the running step has run: the engine records when it began.
  const runningSince = job.metadata.running?.stepIndex === job.currentStep ? job.metadata.running.startedAt : undefined;
  const stepElapsed =
    job.status === "running" && runningSince ? ` · ${formatDuration(Math.max(0, now - new Date(runningSince).getTime()))}` : "";
  return (
    <Card
      padding="lg"
      data-testid="job-progress-card"
      data-status={job.status}
      data-current-step={job.currentStep ?? ""}
      data-progress={job.progress}
    >
      <Group justify="space-between" mb={6}>
        <Text fw={600} size="sm" data-testid="job-progress-step">
          {job.status === "completed"
            ? "All steps done"
            : current
              ? `Step ${(job.currentStep ?? 0) + 1} of ${steps.length} · ${current.name}${stepElapsed}`
              : job.status === "queued"
                ? "Waiting for a worker"
                : STATUS_META[job.status].label}
        </Text>
        <Text fw={700} size="sm" data-testid="job-progress-value">
          {job.progress}%
        </Text>
      </Group>
      <Progress
        value={job.progress}
        color={color}
        size="lg"
        radius="xl"
        animated={job.status === "running"}
        striped={job.status === "running"}
        aria-label="Job progress"
        data-testid="job-progress"
      />
      <SimpleGrid cols={{ base: 2, md: 5 }} mt="md" spacing="md">
        <Field label="Workflow">
          <Anchor component={Link} to={`/workflows/${job.workflowId}`} size="sm">
            {job.workflowName}
          </Anchor>{" "}
          <Text span size="xs" c="dimmed">
            v{job.workflowVersion}
          </Text>
        </Field>
        <Field label="Input">
          {job.inputDataId ? (
            <Anchor component={Link} to={`/data/${job.inputDataId}`} size="sm" title={job.inputName ?? undefined}>
              {job.inputName ?? "Open dataset"}
            </Anchor>
          ) : (
            "—"
          )}
        </Field>
        <Field label="Started">{formatDateTime(job.startedAt)}</Field>
        <Field label="Duration">{started ? formatDuration(ended - started) : "—"}</Field>
        <Field label="Attempt">
          {job.attempt}
          {job.retryOfId && (
            <>
              {" · "}
              <Anchor component={Link} to={`/jobs/${job.retryOfId}`} size="sm">
                previous
              </Anchor>
            </>
          )}
        </Field>
      </SimpleGrid>
    </Card>
  );
}
