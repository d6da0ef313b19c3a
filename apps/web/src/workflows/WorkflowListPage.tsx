import { ActionIcon, Anchor, Badge, Button, Card, Group, Menu, Skeleton, Stack, Table, Text, Tooltip } from "@mantine/core";
import { modals } from "@mantine/modals";
import { notifications } from "@mantine/notifications";
import { IconDots, IconPlayerPlay, IconPlus, IconRoute, IconTrash } from "@tabler/icons-react";
import { useState } from "react";
import { Link, useNavigate } from "react-router";
import { EmptyState } from "../components/EmptyState.tsx";
import { ListFooter } from "../components/ListFooter.tsx";
import { PageHeader } from "../components/PageHeader.tsx";
import { SearchInput } from "../components/SearchInput.tsx";
import { useListParams } from "../components/use-list-params.ts";
import { formatDateTime, formatRelative } from "../format.ts";
import { trpc } from "../trpc.ts";
import { STEP_LABELS } from "./draft.ts";
import { RunWorkflowModal } from "./RunWorkflowModal.tsx";

const PAGE_SIZE = 20;

export default function WorkflowListPage() {
  const list = useListParams<"updatedAt">({ sort: "updatedAt", order: "desc" });
  const navigate = useNavigate();
  const utils = trpc.useUtils();
  const [running, setRunning] = useState<{ id: string; name: string } | null>(null);
  const query = trpc.workflows.list.useQuery(
    { page: list.page, pageSize: PAGE_SIZE, search: list.search || undefined },
    { placeholderData: (prev) => prev },
  );
  const remove = trpc.workflows.delete.useMutation({
    onSuccess: (result) => {
      notifications.show({
        color: "teal",
        title: "Workflow deleted",
        message: result.deletedJobs ? `${result.deletedJobs} job(s) removed with it` : undefined,
      });
      void utils.workflows.list.invalidate();
    },
  });
  const confirmDelete = (id: string, name: string) =>
    modals.openConfirmModal({
      title: `Delete “${name}”?`,
      children: <Text size="sm">The workflow, its versions and its job history are deleted. Result datasets stay in Data.</Text>,
      labels: { confirm: "Delete", cancel: "Keep it" },
      confirmProps: { color: "red" },
      onConfirm: () => remove.mutate({ id }),
    });
  const items = query.data?.items ?? [];
  return (
    <Stack gap="lg">
      <PageHeader
        title="Workflows"
        description="Chains of steps — load, profile, prepare, validate, export — that run as jobs."
        actions={
          <Button component={Link} to="/workflows/new" leftSection={<IconPlus size={16} />}>
            New workflow
          </Button>
        }
      />
      <Card padding="md">
        <Group justify="space-between" mb="md">
          <Text fw={600}>All workflows</Text>
          <SearchInput label="Search workflows" placeholder="Search by name or description" value={list.search} onChange={list.setSearch} />
        </Group>
        {query.isPending ? (
          <Stack gap="xs">
            {[0, 1, 2].map((i) => (
              <Skeleton key={i} height={44} />
            ))}
          </Stack>
        ) : items.length === 0 ? (
          <EmptyState
            icon={<IconRoute size={28} />}
            title={list.search ? "No workflows match" : "No workflows yet"}
            description="Start from a template — for example CSV to a cosmo-ready point cloud with an approval step."
            action={
              <Button component={Link} to="/workflows/new" leftSection={<IconPlus size={16} />}>
                Create a workflow
              </Button>
            }
          />
        ) : (
          <Table.ScrollContainer minWidth={720}>
            <Table highlightOnHover verticalSpacing="sm" data-testid="workflow-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Steps</Table.Th>
                  <Table.Th>Version</Table.Th>
                  <Table.Th>Updated</Table.Th>
                  <Table.Th w={90} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((w) => (
                  <Table.Tr key={w.id} className="clickable-row" onClick={() => void navigate(`/workflows/${w.id}`)}>
                    <Table.Td maw={360}>
                      <Anchor component={Link} to={`/workflows/${w.id}`} fw={500} onClick={(e) => e.stopPropagation()}>
                        {w.name}
                      </Anchor>
                      {w.description && (
                        <Text size="xs" c="dimmed" truncate>
                          {w.description}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        {w.steps.map((s, i) => (
                          <Tooltip key={i} label={s.name}>
                            <Badge size="sm" variant="light" color={STEP_LABELS[s.type].color}>
                              {STEP_LABELS[s.type].title}
                            </Badge>
                          </Tooltip>
                        ))}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <Badge variant="default" tt="none">
                        v{w.version}
                      </Badge>
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: "nowrap" }}>
                      <Tooltip label={formatDateTime(w.updatedAt)}>
                        <Text size="sm">{formatRelative(w.updatedAt)}</Text>
                      </Tooltip>
                    </Table.Td>
                    <Table.Td onClick={(e) => e.stopPropagation()}>
                      <Group gap={4} wrap="nowrap" justify="flex-end">
                        <Tooltip label="Run">
                          <ActionIcon
                            variant="light"
                            color="teal"
                            aria-label={`Run ${w.name}`}
                            onClick={() => setRunning({ id: w.id, name: w.name })}
                          >
                            <IconPlayerPlay size={16} />
                          </ActionIcon>
                        </Tooltip>
                        <Menu position="bottom-end" withinPortal>
                          <Menu.Target>
                            <ActionIcon variant="subtle" color="gray" aria-label={`More actions for ${w.name}`}>
                              <IconDots size={16} />
                            </ActionIcon>
                          </Menu.Target>
                          <Menu.Dropdown>
                            <Menu.Item component={Link} to={`/jobs?workflowId=${w.id}`}>
                              Job history
                            </Menu.Item>
                            <Menu.Item color="red" leftSection={<IconTrash size={14} />} onClick={() => confirmDelete(w.id, w.name)}>
                              Delete
                            </Menu.Item>
                          </Menu.Dropdown>
                        </Menu>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {query.data && query.data.total > 0 && (
          <ListFooter page={list.page} pageSize={PAGE_SIZE} total={query.data.total} onPage={list.setPage} noun="workflows" />
        )}
      </Card>
      {running && (
        <RunWorkflowModal key={running.id} workflowId={running.id} workflowName={running.name} opened onClose={() => setRunning(null)} />
      )}
    </Stack>
  );
}
