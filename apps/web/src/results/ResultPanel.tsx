import type { TCosmoMapping } from "@aw/core/schemas";
import { Alert, Anchor, Button, Card, Group, Skeleton, Tabs, Text, ThemeIcon, Title } from "@mantine/core";
import { IconExternalLink, IconTrophy } from "@tabler/icons-react";
import { Link } from "react-router";
import { JsonView } from "../components/JsonView.tsx";
import { DownloadButton } from "../data/DownloadButton.tsx";
import { FormatBadge } from "../data/FormatBadge.tsx";
import { SamplePanel } from "../data/SamplePanel.tsx";
import { formatBytes, formatNumber } from "../format.ts";
import { trpc } from "../trpc.ts";
import { CosmoPreview } from "./CosmoPreview.tsx";
import { mappingOf } from "./MappingBadges.tsx";
import { StepLedgerSummaries } from "./StepLedgerSummaries.tsx";

/** The mapping the last preparing step settled on, if one prepared for Cosmograph. */
function cosmoMapping(steps: readonly ({ type: string; metadata: Record<string, unknown> } | null)[]): TCosmoMapping | null {
  const preparing = steps.filter((s) => s?.type === "preparing").at(-1);
  return mappingOf(preparing?.metadata);
}

/** A completed job's output: the result file, its rows, a Cosmograph-style preview and the run report. */
export function ResultPanel({ jobId }: { jobId: string }) {
  const result = trpc.jobs.result.useQuery({ id: jobId }, { staleTime: Infinity });
  if (result.isPending) return <Skeleton height={200} />;
  if (result.isError)
    return (
      <Alert color="red" title="Result not available">
        {result.error.message}
      </Alert>
    );
  const { artifact, report, steps } = result.data;
  const mapping = cosmoMapping(steps);
  // The links table travels beside the points from step to step; the last step that kept one has the final links.
  const linksStep = steps.findLast((s) => s?.linksCheckpointKey);
  const links = linksStep ? { jobId, stepIndex: linksStep.index } : undefined;
  return (
    <Card padding="lg" data-testid="result-panel">
      <Group justify="space-between" mb="md" wrap="nowrap">
        <Group gap="sm" wrap="nowrap">
          <ThemeIcon color="teal" variant="light" size="lg" radius="xl">
            <IconTrophy size={20} />
          </ThemeIcon>
          <div>
            <Title order={4}>Result</Title>
            {artifact ? (
              <Group gap={6}>
                <Text size="sm" fw={500} data-testid="result-filename">
                  {artifact.filename}
                </Text>
                <FormatBadge format={artifact.format} />
                <Text size="sm" c="dimmed">
                  {formatBytes(artifact.sizeBytes)}
                  {artifact.metadata.rowCount !== undefined && ` · ${formatNumber(artifact.metadata.rowCount)} rows`}
                </Text>
              </Group>
            ) : (
              <Text size="sm" c="dimmed">
                This workflow produced no file (it has no export step).
              </Text>
            )}
          </div>
        </Group>
        {artifact && (
          <Group gap="xs">
            <Button component={Link} to={`/data/${artifact.id}`} variant="default" leftSection={<IconExternalLink size={16} />}>
              Open dataset
            </Button>
            <DownloadButton id={artifact.id} filename={artifact.filename} data-testid="download-result" />
          </Group>
        )}
      </Group>
      <Tabs defaultValue={mapping && artifact ? "preview" : artifact ? "rows" : "report"} keepMounted={false}>
        <Tabs.List mb="md">
          {mapping && artifact && <Tabs.Tab value="preview">Cosmograph preview</Tabs.Tab>}
          {artifact && <Tabs.Tab value="rows">Rows</Tabs.Tab>}
          <Tabs.Tab value="report">Run summary</Tabs.Tab>
        </Tabs.List>
        {mapping && artifact && (
          <Tabs.Panel value="preview">
            <CosmoPreview artifactId={artifact.id} mapping={mapping} links={links} />
          </Tabs.Panel>
        )}
        {artifact && (
          <Tabs.Panel value="rows">
            <SamplePanel source={{ dataId: artifact.id }} height={380} />
          </Tabs.Panel>
        )}
        <Tabs.Panel value="report">
          <StepLedgerSummaries steps={steps} />
          {report ? (
            <details data-testid="raw-report">
              <summary style={{ cursor: "pointer" }}>
                <Text span size="sm" fw={500}>
                  Raw report (JSON)
                </Text>
              </summary>
              <JsonView value={report} maxHeight={420} />
            </details>
          ) : (
            <Text c="dimmed">No report.</Text>
          )}
          {artifact && (
            <Text size="xs" c="dimmed" mt="xs">
              Lineage: this file was produced from{" "}
              {artifact.parentId ? (
                <Anchor component={Link} to={`/data/${artifact.parentId}`} size="xs">
                  the job's input
                </Anchor>
              ) : (
                "the job's input"
              )}
              .
            </Text>
          )}
        </Tabs.Panel>
      </Tabs>
    </Card>
  );
}
