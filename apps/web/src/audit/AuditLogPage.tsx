import { ZAuditActionSchema, type TAuditAction } from "@aw/core/schemas";
import { Alert, Anchor, Badge, Card, Group, Select, Skeleton, Stack, Table, Text, TextInput } from "@mantine/core";
import { IconHistory } from "@tabler/icons-react";
import { Link } from "react-router";
import { EmptyState } from "../components/EmptyState.tsx";
import { ListFooter } from "../components/ListFooter.tsx";
import { PageHeader } from "../components/PageHeader.tsx";
import { useListParams } from "../components/use-list-params.ts";
import { trpc } from "../trpc.ts";
import { auditTargetPath } from "./audit-target.ts";

const PAGE_SIZE = 50;

/** A `datetime-local` value (local time) as a Date, or undefined when empty or unreadable. */
const localTime = (value: string | null) => {
  const date = value ? new Date(value) : undefined;
  return date && !Number.isNaN(date.getTime()) ? date : undefined;
};

export default function AuditLogPage() {
  const list = useListParams<"at">({ sort: "at", order: "desc" });
  const actor = list.get("actor") ?? undefined;
  const action = (list.get("action") ?? undefined) as TAuditAction | undefined;
  const from = list.get("from");
  const to = list.get("to");
  const actors = trpc.audit.actors.useQuery();
  const query = trpc.audit.list.useQuery(
    { page: list.page, pageSize: PAGE_SIZE, actor, action, from: localTime(from), to: localTime(to) },
    { placeholderData: (prev) => prev },
  );
  const items = query.data?.items ?? [];
  const filtered = Boolean(actor || action || from || to);
  return (
    <Stack gap="lg">
      <PageHeader title="Audit log" description="Who did what and when: uploads, workflow changes, runs, approvals and sign-ins." />
      <Card padding="md">
        <Group mb="md" align="end">
          <Select
            label="User"
            placeholder="Everyone"
            clearable
            searchable
            data={actors.data ?? []}
            value={actor ?? null}
            onChange={(v) => list.set("actor", v ?? undefined)}
            w={200}
          />
          <Select
            label="Action"
            placeholder="All actions"
            clearable
            searchable
            data={ZAuditActionSchema.options}
            value={action ?? null}
            onChange={(v) => list.set("action", v ?? undefined)}
            w={220}
          />
          <TextInput label="From" type="datetime-local" value={from ?? ""} onChange={(e) => list.set("from", e.currentTarget.value)} />
          <TextInput label="To" type="datetime-local" value={to ?? ""} onChange={(e) => list.set("to", e.currentTarget.value)} />
        </Group>
        {query.isError ? (
          <Alert color="red" title="The audit log could not be read">
            {query.error.message}
          </Alert>
        ) : query.isPending ? (
          <Stack gap="xs">
            {[0, 1, 2, 3].map((i) => (
              <Skeleton key={i} height={36} />
            ))}
          </Stack>
        ) : items.length === 0 ? (
          <EmptyState
            icon={<IconHistory size={28} />}
            title="No events here"
            description={filtered ? "No event matches these filters." : "Uploads, workflow changes and runs appear here as they happen."}
          />
        ) : (
          <Table.ScrollContainer minWidth={720}>
            <Table striped highlightOnHover aria-label="Audit events">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>When</Table.Th>
                  <Table.Th>User</Table.Th>
                  <Table.Th>Action</Table.Th>
                  <Table.Th>What</Table.Th>
                  <Table.Th>Target</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((event) => {
                  const path = auditTargetPath(event.targetType, event.targetId);
                  return (
                    <Table.Tr key={event.id}>
                      <Table.Td>
                        <Text size="sm">{event.at.toLocaleString()}</Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{event.actorName}</Text>
                        <Text size="xs" c="dimmed">
                          {event.via}
                          {event.ip ? ` · ${event.ip}` : ""}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Badge variant="light">{event.action}</Badge>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{event.summary}</Text>
                      </Table.Td>
                      <Table.Td>
                        {path ? (
                          <Anchor component={Link} to={path} size="sm">
                            {event.targetType} {event.targetId}
                          </Anchor>
                        ) : event.targetId ? (
                          <Text size="sm" c="dimmed">
                            {event.targetType} {event.targetId}
                          </Text>
                        ) : null}
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {query.data && query.data.total > 0 && (
          <ListFooter page={list.page} pageSize={PAGE_SIZE} total={query.data.total} onPage={list.setPage} noun="events" />
        )}
      </Card>
    </Stack>
  );
}
