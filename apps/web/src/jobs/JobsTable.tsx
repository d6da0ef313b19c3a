import { Anchor, Group, Progress, Table, Text, Tooltip } from "@mantine/core";
import type { ReactNode } from "react";
import { Link, useNavigate } from "react-router";
import { durationBetween, formatDateTime, formatDuration, formatRelative, runLabel } from "../format.ts";
import type { RouterOutputs } from "../trpc.ts";
import { JobStatusBadge } from "./JobStatusBadge.tsx";
import { STATUS_META } from "./status.ts";

export type TJobListItem = RouterOutputs["jobs"]["list"]["items"][number];

/** Jobs as rows: run, workflow, status, progress, timing. Used by the job history and the dashboard. */
export function JobsTable({ jobs, compact = false, header }: { jobs: TJobListItem[]; compact?: boolean; header?: ReactNode }) {
  const navigate = useNavigate();
  return (
    <Table.ScrollContainer minWidth={compact ? 520 : 860}>
      <Table highlightOnHover verticalSpacing="sm" data-testid="jobs-table">
        <Table.Thead>
          {header ?? (
            <Table.Tr>
              <Table.Th>Run</Table.Th>
              <Table.Th>Workflow</Table.Th>
              {!compact && <Table.Th>Input → result</Table.Th>}
              <Table.Th>Status</Table.Th>
              {!compact && <Table.Th w={160}>Progress</Table.Th>}
              <Table.Th>Created</Table.Th>
              <Table.Th>Duration</Table.Th>
              {!compact && <Table.Th>Attempt</Table.Th>}
            </Table.Tr>
          )}
        </Table.Thead>
        <Table.Tbody>
          {jobs.map((job) => (
            <Table.Tr key={job.id} className="clickable-row" onClick={() => void navigate(`/jobs/${job.id}`)}>
              <Table.Td>
                <Anchor component={Link} to={`/jobs/${job.id}`} className="mono" onClick={(e) => e.stopPropagation()}>
                  {runLabel(job.id)}
                </Anchor>
              </Table.Td>
              <Table.Td maw={260}>
                <Text size="sm" truncate>
                  {job.workflowName}{" "}
                  <Text span size="xs" c="dimmed">
                    v{job.workflowVersion}
                  </Text>
                </Text>
              </Table.Td>
              {!compact && (
                <Table.Td maw={360}>
                  <InputToResult job={job} />
                </Table.Td>
              )}
              <Table.Td>
                <JobStatusBadge status={job.status} size="sm" />
              </Table.Td>
              {!compact && (
                <Table.Td>
                  <Group gap={6} wrap="nowrap">
                    <Progress
                      value={job.progress}
                      color={STATUS_META[job.status].color}
                      size="sm"
                      style={{ flex: 1 }}
                      aria-label={`Progress ${job.progress}%`}
                    />
                    <Text size="xs" c="dimmed" w={32} ta="right">
                      {job.progress}%
                    </Text>
                  </Group>
                </Table.Td>
              )}
              <Table.Td style={{ whiteSpace: "nowrap" }}>
                <Tooltip label={formatDateTime(job.createdAt)}>
                  <Text size="sm">{formatRelative(job.createdAt)}</Text>
                </Tooltip>
              </Table.Td>
              <Table.Td style={{ whiteSpace: "nowrap" }}>
                <Text size="sm">{job.startedAt ? formatDuration(durationBetween(job.startedAt, job.completedAt)) : "—"}</Text>
              </Table.Td>
              {!compact && (
                <Table.Td>
                  <Text size="sm">{job.attempt}</Text>
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** `cities.csv → cities.cosmo-graph-prep.parquet`, each name a link to its dataset; full names in tooltips. */
function InputToResult({ job }: { job: TJobListItem }) {
  const link = (id: string | null, name: string | null) =>
    id && name ? (
      <Tooltip label={name}>
        <Anchor component={Link} to={`/data/${id}`} size="sm" truncate maw={160} onClick={(e) => e.stopPropagation()}>
          {name}
        </Anchor>
      </Tooltip>
    ) : (
      <Text span size="sm" c="dimmed">
        —
      </Text>
    );
  return (
    <Group gap={4} wrap="nowrap" data-testid="job-input-result">
      {link(job.inputDataId, job.inputName)}
      <Text span size="sm" c="dimmed" aria-label="to">
        →
      </Text>
      {link(job.resultDataId, job.resultName)}
    </Group>
  );
}
