import { ActionIcon, Alert, Anchor, Button, Card, CopyButton, Grid, Group, Stack, Tabs, Text, Tooltip } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import {
  IconArrowBackUp,
  IconCheck,
  IconColumns,
  IconCopy,
  IconFileDescription,
  IconPlayerPlay,
  IconRowInsertBottom,
  IconFileDatabase,
  IconSparkles,
  IconTrash,
} from "@tabler/icons-react";
import { Link, useParams } from "react-router";
import { JsonView } from "../components/JsonView.tsx";
import { PageHeader } from "../components/PageHeader.tsx";
import { PageSkeleton } from "../components/PageSkeleton.tsx";
import { StatCard } from "../components/StatCard.tsx";
import { formatBytes, formatDateTime, formatNumber, formatRelative, runLabel } from "../format.ts";
import { trpc } from "../trpc.ts";
import { DownloadButton } from "./DownloadButton.tsx";
import { FormatBadge } from "./FormatBadge.tsx";
import { ProfilePanel } from "./ProfilePanel.tsx";
import { RunOnDatasetModal } from "./RunOnDatasetModal.tsx";
import { SamplePanel } from "./SamplePanel.tsx";
import { useDeleteArtifact } from "./useDeleteArtifact.tsx";

export default function DataDetailPage() {
  const { id = "" } = useParams();
  const artifact = trpc.data.get.useQuery(
    { id },
    { meta: { silent: true }, refetchInterval: (q) => (q.state.data?.metadata.profileStatus === "pending" ? 1500 : false) },
  );
  const deletion = useDeleteArtifact();
  const [runOpened, run] = useDisclosure(false);
  if (artifact.isPending) return <PageSkeleton />;
  if (artifact.isError && !artifact.data) {
    return (
      <Alert color="red" title="Dataset not available" icon={<IconFileDescription />}>
        {artifact.error.message}{" "}
        <Anchor component={Link} to="/data">
          Back to data
        </Anchor>
      </Alert>
    );
  }
  const a = artifact.data;
  const meta = a.metadata;
  const profiling = meta.profileStatus === "pending";
  const count = (n: number | undefined) => (profiling ? "…" : formatNumber(n));
  return (
    <Stack gap="lg">
      <PageHeader
        crumbs={[{ label: "Data", to: "/data" }]}
        title={a.filename}
        badge={<FormatBadge format={a.format} />}
        description={a.sourceJobId ? "Produced by a workflow run" : `Uploaded ${formatRelative(a.createdAt)}`}
        actions={
          <>
            <DownloadButton id={a.id} filename={a.filename} variant="default" data-testid="download-artifact" />
            <Button variant="light" leftSection={<IconPlayerPlay size={16} />} onClick={run.open}>
              Run a workflow
            </Button>
            <Button
              variant="outline"
              color="red"
              leftSection={<IconTrash size={16} />}
              loading={deletion.isPending}
              onClick={() => deletion.confirm(a.id, a.filename)}
            >
              Delete
            </Button>
          </>
        }
      />
      {meta.profileError && (
        <Alert color="orange" title="The file could not be read as a table">
          {meta.profileError}
        </Alert>
      )}
      <Grid gap="md">
        <Grid.Col span={{ base: 6, md: 3 }}>
          <StatCard
            label="Rows"
            value={count(meta.rowCount)}
            hint={profiling ? "profiling…" : undefined}
            icon={<IconRowInsertBottom size={20} />}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 6, md: 3 }}>
          <StatCard label="Columns" value={count(meta.columnCount)} icon={<IconColumns size={20} />} color="grape" />
        </Grid.Col>
        <Grid.Col span={{ base: 6, md: 3 }}>
          <StatCard label="Size" value={formatBytes(a.sizeBytes)} icon={<IconFileDatabase size={20} />} color="teal" hint={a.contentType} />
        </Grid.Col>
        <Grid.Col span={{ base: 6, md: 3 }}>
          <Card padding="md" h="100%">
            <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
              Lineage
            </Text>
            <Stack gap={4} mt={6} data-testid="lineage">
              {a.sourceJobId ? (
                <Group gap={6} wrap="nowrap">
                  <IconSparkles size={14} color="var(--mantine-color-violet-6)" />
                  <Text size="sm">
                    Produced by{" "}
                    <Anchor component={Link} to={`/jobs/${a.sourceJobId}`}>
                      run {runLabel(a.sourceJobId)}
                    </Anchor>
                  </Text>
                </Group>
              ) : (
                <Text size="sm">Uploaded by a user</Text>
              )}
              {a.parentId && (
                <Group gap={6} wrap="nowrap">
                  <IconArrowBackUp size={14} />
                  <Text size="sm">
                    From{" "}
                    <Anchor component={Link} to={`/data/${a.parentId}`}>
                      its input dataset
                    </Anchor>
                  </Text>
                </Group>
              )}
              <UsedBy id={a.id} />
            </Stack>
          </Card>
        </Grid.Col>
      </Grid>
      <Tabs defaultValue={meta.profileError ? "details" : "profile"} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="profile" disabled={!!meta.profileError}>
            Profile
          </Tabs.Tab>
          <Tabs.Tab value="rows" disabled={!!meta.profileError}>
            Rows
          </Tabs.Tab>
          <Tabs.Tab value="details">Details</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="profile">
          <ProfilePanel id={a.id} />
        </Tabs.Panel>
        <Tabs.Panel value="rows">
          <SamplePanel source={{ dataId: a.id }} />
        </Tabs.Panel>
        <Tabs.Panel value="details">
          <Card padding="md">
            <Stack gap="xs">
              <Detail label="Id" value={a.id} copy />
              <Detail label="SHA-256" value={a.sha256} copy />
              <Detail label="Content type" value={a.contentType} />
              <Detail label="Added" value={formatDateTime(a.createdAt)} />
              <Text size="sm" fw={500} mt="sm">
                Metadata
              </Text>
              <JsonView value={meta} />
            </Stack>
          </Card>
        </Tabs.Panel>
      </Tabs>
      <RunOnDatasetModal dataId={a.id} filename={a.filename} opened={runOpened} onClose={run.close} />
    </Stack>
  );
}

function Detail({ label, value, copy }: { label: string; value: string; copy?: boolean }) {
  return (
    <Group gap="sm" wrap="nowrap">
      <Text size="sm" c="dimmed" w={120}>
        {label}
      </Text>
      <Text size="sm" className="mono" truncate>
        {value}
      </Text>
      {copy && (
        <CopyButton value={value}>
          {({ copied, copy: doCopy }) => (
            <Tooltip label={copied ? "Copied" : `Copy ${label}`}>
              <ActionIcon variant="subtle" size="sm" onClick={doCopy} aria-label={`Copy ${label}`}>
                {copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
              </ActionIcon>
            </Tooltip>
          )}
        </CopyButton>
      )}
    </Group>
  );
}

/** The jobs that read this dataset as their input, newest first. */
function UsedBy({ id }: { id: string }) {
  const jobs = trpc.jobs.list.useQuery({ page: 1, pageSize: 3, inputDataId: id }, { meta: { silent: true } });
  const users = jobs.data?.items ?? [];
  const total = jobs.data?.total ?? 0;
  if (users.length === 0) return null;
  const shown = users.slice(0, 3);
  return (
    <Text size="sm">
      Input of{" "}
      {shown.map((j, i) => (
        <span key={j.id}>
          {i > 0 && ", "}
          <Anchor component={Link} to={`/jobs/${j.id}`}>
            {j.workflowName} · run {runLabel(j.id)}
          </Anchor>
        </span>
      ))}
      {total > shown.length && ` and ${total - shown.length} more`}
    </Text>
  );
}
