import { Alert, Anchor, Card, Grid, Stack, Text, Title } from "@mantine/core";
import { IconAlertTriangle, IconBan, IconThumbDown } from "@tabler/icons-react";
import { Link, useParams } from "react-router";
import { PageHeader } from "../components/PageHeader.tsx";
import { PageSkeleton } from "../components/PageSkeleton.tsx";
import { runLabel } from "../format.ts";
import { ResultPanel } from "../results/ResultPanel.tsx";
import { ApprovalPanel } from "./ApprovalPanel.tsx";
import { JobActions } from "./JobActions.tsx";
import { JobProgressCard } from "./JobProgressCard.tsx";
import { JobStatusBadge } from "./JobStatusBadge.tsx";
import { LogViewer } from "./LogViewer.tsx";
import { StepsList } from "./StepsList.tsx";
import { useJobLive } from "./useJobLive.ts";

export default function JobDetailPage() {
  const { id = "" } = useParams();
  const { query, data } = useJobLive(id);
  // A failed refetch (the server went away for a moment) keeps what is on screen; only a job that never loaded is an error.
  if (!data) {
    if (!query.isError) return <PageSkeleton />;
    return (
      <Alert color="red" title="Job not available">
        {query.error.message}{" "}
        <Anchor component={Link} to="/jobs">
          Back to jobs
        </Anchor>
      </Alert>
    );
  }
  const { job, steps } = data;
  return (
    <Stack gap="lg">
      <PageHeader
        crumbs={[{ label: "Jobs", to: "/jobs" }]}
        title={`${job.workflowName} · run ${runLabel(job.id)}`}
        badge={<JobStatusBadge status={job.status} size="lg" />}
        actions={<JobActions job={job} />}
      />
      <JobProgressCard job={job} steps={steps} />
      {job.status === "failed" && (
        <Alert
          color="red"
          icon={<IconAlertTriangle />}
          title={job.metadata.failedStep !== undefined ? `Step ${job.metadata.failedStep + 1} failed` : "The job failed"}
          data-testid="job-error"
        >
          {job.error}
        </Alert>
      )}
      {job.status === "cancelled" && (
        <Alert color="gray" icon={<IconBan />} title="Cancelled">
          {job.error ?? "The job was cancelled."}
        </Alert>
      )}
      {job.status === "rejected" && (
        <Alert color="orange" icon={<IconThumbDown />} title="Rejected at approval" data-testid="job-rejected">
          {job.error ?? "A reviewer rejected a step of this job."} Retry it once the cause is fixed.
        </Alert>
      )}
      {job.status === "awaiting_approval" && <ApprovalPanel job={job} steps={steps} />}
      {job.status === "completed" && <ResultPanel jobId={job.id} />}
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Title order={4} mb="sm">
            Steps
          </Title>
          <StepsList steps={steps} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Title order={4} mb="sm">
            Log
          </Title>
          <Card padding="sm">
            <LogViewer jobId={job.id} />
          </Card>
          <Text size="xs" c="dimmed" mt={6}>
            Live over server-sent events; lines stay in the job's history.
          </Text>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
