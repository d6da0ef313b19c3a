import { Anchor, Card, Group, Loader, Skeleton, Stack, Table, Text, Tooltip } from "@mantine/core";
import { IconDatabaseOff, IconSparkles } from "@tabler/icons-react";
import { Link, useNavigate } from "react-router";
import { EmptyState } from "../components/EmptyState.tsx";
import { ListFooter } from "../components/ListFooter.tsx";
import { PageHeader } from "../components/PageHeader.tsx";
import { errorMessage } from "../app/errors.ts";
import { SearchInput } from "../components/SearchInput.tsx";
import { SortableTh } from "../components/SortableTh.tsx";
import { useListParams } from "../components/use-list-params.ts";
import { formatBytes, formatDateTime, formatNumber, formatRelative } from "../format.ts";
import { trpc } from "../trpc.ts";
import { FormatBadge } from "./FormatBadge.tsx";
import { UploadPanel } from "./UploadPanel.tsx";

const PAGE_SIZE = 20;
type TSort = "createdAt" | "filename" | "sizeBytes";

export default function DataListPage() {
  const list = useListParams<TSort>({ sort: "createdAt", order: "desc" });
  const navigate = useNavigate();
  const query = trpc.data.list.useQuery(
    { page: list.page, pageSize: PAGE_SIZE, search: list.search || undefined, sort: list.sort, order: list.order },
    // Uploads are profiled in the background; poll until every listed one has settled.
    {
      placeholderData: (prev) => prev,
      refetchInterval: (q) => (q.state.data?.items.some((a) => a.metadata.profileStatus === "pending") ? 2000 : false),
    },
  );
  const items = query.data?.items ?? [];
  return (
    <Stack gap="lg">
      <PageHeader title="Data" description="Upload files, inspect their profiles, and download prepared results." />
      <UploadPanel />
      <Card padding="md">
        <Group justify="space-between" mb="md">
          <Text fw={600}>Datasets</Text>
          <SearchInput label="Search datasets" placeholder="Search by file name" value={list.search} onChange={list.setSearch} />
        </Group>
        {query.isPending ? (
          <Stack gap="xs">
            {[0, 1, 2, 3].map((i) => (
              <Skeleton key={i} height={36} />
            ))}
          </Stack>
        ) : query.isError && !query.data ? (
          <EmptyState
            icon={<IconDatabaseOff size={28} />}
            title="The datasets could not be loaded"
            description={`${errorMessage(query.error)}. The list loads again once the server answers.`}
          />
        ) : items.length === 0 ? (
          <EmptyState
            icon={<IconDatabaseOff size={28} />}
            title={list.search ? "No datasets match" : "No data yet"}
            description={
              list.search ? `Nothing is named like “${list.search}”.` : "Drop a CSV, JSON, Parquet or Excel file above to get started."
            }
          />
        ) : (
          <Table.ScrollContainer minWidth={720}>
            <Table highlightOnHover verticalSpacing="sm" data-testid="data-table">
              <Table.Thead>
                <Table.Tr>
                  <SortableTh active={list.sort === "filename"} order={list.order} onSort={() => list.toggleSort("filename")}>
                    Name
                  </SortableTh>
                  <Table.Th>Format</Table.Th>
                  <Table.Th ta="right">Rows</Table.Th>
                  <Table.Th ta="right">Columns</Table.Th>
                  <SortableTh
                    active={list.sort === "sizeBytes"}
                    order={list.order}
                    onSort={() => list.toggleSort("sizeBytes")}
                    align="right"
                  >
                    Size
                  </SortableTh>
                  <Table.Th>Origin</Table.Th>
                  <SortableTh active={list.sort === "createdAt"} order={list.order} onSort={() => list.toggleSort("createdAt")}>
                    Added
                  </SortableTh>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((a) => (
                  <Table.Tr key={a.id} className="clickable-row" onClick={() => void navigate(`/data/${a.id}`)}>
                    <Table.Td maw={320}>
                      <Anchor
                        component={Link}
                        to={`/data/${a.id}`}
                        fw={500}
                        onClick={(e) => e.stopPropagation()}
                        style={{ display: "block", overflow: "hidden", textOverflow: "ellipsis", whiteSpace: "nowrap" }}
                      >
                        {a.filename}
                      </Anchor>
                      {a.metadata.profileError && (
                        <Text size="xs" c="red" truncate title={a.metadata.profileError}>
                          {a.metadata.profileError}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <FormatBadge format={a.format} />
                    </Table.Td>
                    {a.metadata.profileStatus === "pending" ? (
                      <Table.Td ta="right" colSpan={2}>
                        <Group gap={6} justify="flex-end" wrap="nowrap">
                          <Loader size={12} />
                          <Text size="sm" c="dimmed">
                            Profiling…
                          </Text>
                        </Group>
                      </Table.Td>
                    ) : (
                      <>
                        <Table.Td ta="right">{formatNumber(a.metadata.rowCount)}</Table.Td>
                        <Table.Td ta="right">{formatNumber(a.metadata.columnCount)}</Table.Td>
                      </>
                    )}
                    <Table.Td ta="right" style={{ whiteSpace: "nowrap" }}>
                      {formatBytes(a.sizeBytes)}
                    </Table.Td>
                    <Table.Td>
                      {a.sourceJobId ? (
                        <Group gap={4} wrap="nowrap">
                          <IconSparkles size={14} color="var(--mantine-color-violet-6)" />
                          <Anchor component={Link} to={`/jobs/${a.sourceJobId}`} size="sm" onClick={(e) => e.stopPropagation()}>
                            Job result
                          </Anchor>
                        </Group>
                      ) : (
                        <Text size="sm" c="dimmed">
                          Uploaded
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: "nowrap" }}>
                      <Tooltip label={formatDateTime(a.createdAt)}>
                        <Text size="sm">{formatRelative(a.createdAt)}</Text>
                      </Tooltip>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {query.data && query.data.total > 0 && (
          <ListFooter page={list.page} pageSize={PAGE_SIZE} total={query.data.total} onPage={list.setPage} noun="datasets" />
        )}
      </Card>
    </Stack>
  );
}
