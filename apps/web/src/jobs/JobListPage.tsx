import { JOB_STATUSES, type TJobStatus } from "@aw/core/schemas";
import { Badge, Card, Group, Select, Skeleton, Stack, Tabs, Text } from "@mantine/core";
import { IconListCheck } from "@tabler/icons-react";
import { EmptyState } from "../components/EmptyState.tsx";
import { ListFooter } from "../components/ListFooter.tsx";
import { PageHeader } from "../components/PageHeader.tsx";
import { SearchInput } from "../components/SearchInput.tsx";
import { useListParams } from "../components/use-list-params.ts";
import { trpc } from "../trpc.ts";
import { JobsTable } from "./JobsTable.tsx";
import { isActive, STATUS_META } from "./status.ts";

const PAGE_SIZE = 25;
const TABS = JOB_STATUSES.filter((s) => s !== "created");

export default function JobListPage() {
  const list = useListParams<"createdAt">({ sort: "createdAt", order: "desc" });
  const status = (list.get("status") ?? undefined) as TJobStatus | undefined;
  const workflowId = list.get("workflowId") ?? undefined;
  const stats = trpc.jobs.stats.useQuery(undefined, { refetchInterval: 10_000 });
  const workflows = trpc.workflows.list.useQuery({ page: 1, pageSize: 100 });
  const query = trpc.jobs.list.useQuery(
    { page: list.page, pageSize: PAGE_SIZE, search: list.search || undefined, status, workflowId },
    { placeholderData: (prev) => prev, refetchInterval: (q) => (q.state.data?.items.some((j) => isActive(j.status)) ? 3000 : false) },
  );
  const counts = stats.data?.counts ?? {};
  const items = query.data?.items ?? [];
  return (
    <Stack gap="lg">
      <PageHeader title="Jobs" description="Every workflow run: follow live progress, approve steps, retry failures." />
      <Card padding="md">
        <Tabs value={status ?? "all"} onChange={(v) => list.set("status", v === "all" || !v ? undefined : v)} mb="md">
          <Tabs.List>
            <Tabs.Tab
              value="all"
              rightSection={
                <Badge size="xs" variant="light" color="gray">
                  {stats.data?.total ?? "…"}
                </Badge>
              }
            >
              All
            </Tabs.Tab>
            {TABS.map((s) => (
              <Tabs.Tab
                key={s}
                value={s}
                rightSection={
                  counts[s] ? (
                    <Badge size="xs" variant="light" color={STATUS_META[s].color}>
                      {counts[s]}
                    </Badge>
                  ) : undefined
                }
              >
                {STATUS_META[s].label}
              </Tabs.Tab>
            ))}
          </Tabs.List>
        </Tabs>
        <Group justify="space-between" mb="md">
          <Select
            aria-label="Filter by workflow"
            placeholder="All workflows"
            clearable
            searchable
            data={(workflows.data?.items ?? []).map((w) => ({ value: w.id, label: w.name }))}
            value={workflowId ?? null}
            onChange={(v) => list.set("workflowId", v ?? undefined)}
            w={260}
          />
          <SearchInput label="Search jobs" placeholder="Search by run id or workflow" value={list.search} onChange={list.setSearch} />
        </Group>
        {query.isPending ? (
          <Stack gap="xs">
            {[0, 1, 2, 3].map((i) => (
              <Skeleton key={i} height={40} />
            ))}
          </Stack>
        ) : items.length === 0 ? (
          <EmptyState
            icon={<IconListCheck size={28} />}
            title="No jobs here"
            description={
              status || workflowId || list.search
                ? "No job matches these filters."
                : "Run a workflow on a dataset and its job appears here."
            }
          />
        ) : (
          <JobsTable jobs={items} />
        )}
        {query.data && query.data.total > 0 && (
          <ListFooter page={list.page} pageSize={PAGE_SIZE} total={query.data.total} onPage={list.setPage} noun="jobs" />
        )}
        {query.data && (
          <Text size="xs" c="dimmed" mt="xs">
            Active jobs refresh every few seconds.
          </Text>
        )}
      </Card>
    </Stack>
  );
}
