import { Anchor, Button, Card, Grid, Group, Skeleton, Stack, Text } from "@mantine/core";
import { IconClockHour3, IconHandStop, IconListCheck, IconPlus, IconRosetteDiscountCheck, IconUpload } from "@tabler/icons-react";
import { lazy, Suspense } from "react";
import { Link } from "react-router";
import { EmptyState } from "../components/EmptyState.tsx";
import { PageHeader } from "../components/PageHeader.tsx";
import { StatCard } from "../components/StatCard.tsx";
import { formatDuration } from "../format.ts";
import { JobsTable } from "../jobs/JobsTable.tsx";
import { isActive } from "../jobs/status.ts";
import { trpc } from "../trpc.ts";
import { HealthCard } from "./HealthCard.tsx";
// The charts (and their library) load once the dashboard has something to draw.
const StatusDonut = lazy(() => import("./StatusDonut.tsx").then((m) => ({ default: m.StatusDonut })));
const WorkflowActivity = lazy(() => import("./WorkflowActivity.tsx").then((m) => ({ default: m.WorkflowActivity })));

export default function DashboardPage() {
  const stats = trpc.jobs.stats.useQuery(undefined, { refetchInterval: 10_000 });
  const recent = trpc.jobs.list.useQuery(
    { page: 1, pageSize: 8 },
    { refetchInterval: (q) => (q.state.data?.items.some((j) => isActive(j.status)) ? 3000 : 15_000) },
  );
  const s = stats.data;
  const awaiting = s?.counts.awaiting_approval ?? 0;
  return (
    <Stack gap="lg">
      <PageHeader
        title="Dashboard"
        description="How your data preparation runs are doing."
        actions={
          <>
            <Button component={Link} to="/data" variant="default" leftSection={<IconUpload size={16} />}>
              Upload data
            </Button>
            <Button component={Link} to="/workflows/new" leftSection={<IconPlus size={16} />}>
              New workflow
            </Button>
          </>
        }
      />
      <Grid gap="md">
        <Grid.Col span={{ base: 6, md: 3 }}>
          <StatCard
            label="Jobs"
            value={s?.total ?? 0}
            loading={stats.isPending}
            icon={<IconListCheck size={20} />}
            hint={s ? `${(s.counts.running ?? 0) + (s.counts.queued ?? 0)} running or queued` : undefined}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 6, md: 3 }}>
          <StatCard
            label="Success rate"
            value={s?.successRate === null || s?.successRate === undefined ? "—" : `${Math.round(s.successRate * 100)}%`}
            loading={stats.isPending}
            color="teal"
            icon={<IconRosetteDiscountCheck size={20} />}
            hint={s ? `${s.counts.completed ?? 0} completed · ${s.counts.failed ?? 0} failed` : undefined}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 6, md: 3 }}>
          <StatCard
            label="Average duration"
            value={formatDuration(s?.averageDurationMs)}
            loading={stats.isPending}
            color="cyan"
            icon={<IconClockHour3 size={20} />}
            hint="of completed jobs"
          />
        </Grid.Col>
        <Grid.Col span={{ base: 6, md: 3 }}>
          <StatCard
            label="Awaiting approval"
            value={awaiting}
            loading={stats.isPending}
            color="yellow"
            icon={<IconHandStop size={20} />}
            hint={
              awaiting > 0 ? (
                <Anchor component={Link} to="/jobs?status=awaiting_approval" size="xs">
                  Review now
                </Anchor>
              ) : (
                "nothing waiting"
              )
            }
          />
        </Grid.Col>
      </Grid>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Stack gap="md">
            <Card padding="md">
              <Group justify="space-between" mb="sm">
                <Text fw={600}>Recent jobs</Text>
                <Anchor component={Link} to="/jobs" size="sm">
                  All jobs
                </Anchor>
              </Group>
              {recent.isPending ? (
                <Stack gap="xs">
                  {[0, 1, 2].map((i) => (
                    <Skeleton key={i} height={36} />
                  ))}
                </Stack>
              ) : recent.data?.items.length ? (
                <JobsTable jobs={recent.data.items} compact />
              ) : (
                <EmptyState
                  icon={<IconListCheck size={28} />}
                  title="No jobs yet"
                  description="Upload a file, pick a workflow template, and run it."
                  action={
                    <Button component={Link} to="/workflows/new" variant="light">
                      Build a workflow
                    </Button>
                  }
                />
              )}
            </Card>
            {s && s.recentByWorkflow.length > 0 && (
              <Suspense fallback={<Skeleton height={200} />}>
                <WorkflowActivity rows={s.recentByWorkflow} />
              </Suspense>
            )}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <Stack gap="md">
            {s ? (
              <Suspense fallback={<Skeleton height={200} />}>
                <StatusDonut counts={s.counts} total={s.total} />
              </Suspense>
            ) : (
              <Skeleton height={200} />
            )}
            <HealthCard />
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
