import { Accordion, Badge, Group, Loader, Stack, Table, Text, ThemeIcon, VisuallyHidden } from "@mantine/core";
import { IconCheck, IconCircleDashed, IconHandStop, IconThumbDown, IconX } from "@tabler/icons-react";
import { JsonView } from "../components/JsonView.tsx";
import { durationBetween, formatDateTime, formatDuration, formatNumber } from "../format.ts";
import { STEP_LABELS } from "../workflows/draft.ts";
import { ChangeLedger } from "./ChangeLedger.tsx";
import { ledgerOf } from "./ledger-words.ts";
import type { TJobStep } from "./job-types.ts";

const STATUS_ICON = {
  pending: { color: "gray", icon: <IconCircleDashed size={16} /> },
  running: { color: "indigo", icon: <Loader size={14} color="indigo" /> },
  awaiting_approval: { color: "yellow", icon: <IconHandStop size={16} /> },
  completed: { color: "teal", icon: <IconCheck size={16} /> },
  failed: { color: "red", icon: <IconX size={16} /> },
  rejected: { color: "orange", icon: <IconThumbDown size={16} /> },
} as const;

type TAttempt = { attempt: number; success: boolean; error?: string; sql?: string };
type TFailure = { rule: string; message: string; count: number };

function listOf<T>(metadata: Record<string, unknown> | undefined, key: string): T[] {
  const value = metadata?.[key];
  return Array.isArray(value) ? (value as T[]) : [];
}

/** Every step of the pinned definition with its status; expand one for its attempts and metadata. */
export function StepsList({ steps }: { steps: TJobStep[] }) {
  return (
    // A failed step opens by itself: its attempts and failures are what the reader came for.
    <Accordion
      multiple
      variant="separated"
      chevronPosition="right"
      data-testid="job-steps"
      defaultValue={steps.filter((s) => s.status === "failed").map((s) => String(s.index))}
    >
      {steps.map((step) => {
        const status = STATUS_ICON[step.status];
        const result = step.result;
        const attempts = listOf<TAttempt>(result?.metadata, "attempts");
        const failures = listOf<TFailure>(result?.metadata, "failures");
        const ledger = ledgerOf(result?.metadata);
        return (
          <Accordion.Item key={step.index} value={String(step.index)} data-step-status={step.status}>
            <Accordion.Control disabled={!result}>
              <Group wrap="nowrap" gap="sm">
                <ThemeIcon color={status.color} variant="light" radius="xl" size="md">
                  {status.icon}
                </ThemeIcon>
                <div style={{ flex: 1, minWidth: 0 }}>
                  <Text fw={500} size="sm" truncate>
                    {step.index + 1}. {step.name}
                    <VisuallyHidden>, {step.status.replace("_", " ")}</VisuallyHidden>
                  </Text>
                  <Group gap={6} mt={2} wrap="nowrap">
                    <Badge size="xs" variant="light" color={STEP_LABELS[step.type].color}>
                      {STEP_LABELS[step.type].title}
                    </Badge>
                    {step.requireApproval && !step.rejection && (
                      <Badge size="xs" variant="outline" color="yellow">
                        approval
                      </Badge>
                    )}
                    {step.rejection && (
                      <Badge size="xs" variant="filled" color="orange" data-testid="step-rejected">
                        rejected
                      </Badge>
                    )}
                    {result && (
                      <Text size="xs" c="dimmed" style={{ whiteSpace: "nowrap" }}>
                        {attempts.length > 1 && `${attempts.length} attempts · `}
                        {formatDuration(durationBetween(result.startedAt, result.completedAt))}
                        {ledger && ` · ${formatNumber(ledger.rowsIn)} → ${formatNumber(ledger.rowsOut)} rows`}
                      </Text>
                    )}
                  </Group>
                  {step.rejection && (
                    <Text size="xs" mt={2} data-testid="step-rejection">
                      Rejected {step.rejection.by === "timeout" ? "automatically after the approval timeout" : "by a reviewer"} on{" "}
                      {formatDateTime(step.rejection.at)}
                      {step.rejection.comment ? `: “${step.rejection.comment}”` : ""}
                    </Text>
                  )}
                </div>
              </Group>
            </Accordion.Control>
            {result && (
              <Accordion.Panel>
                <Stack gap="sm">
                  <ChangeLedger metadata={result.metadata} />
                  {attempts.length > 0 && (
                    <Table withTableBorder fz="xs" verticalSpacing={4}>
                      <Table.Thead>
                        <Table.Tr>
                          <Table.Th w={70}>Attempt</Table.Th>
                          <Table.Th w={80}>Result</Table.Th>
                          <Table.Th>Detail</Table.Th>
                        </Table.Tr>
                      </Table.Thead>
                      <Table.Tbody>
                        {attempts.map((a) => (
                          <Table.Tr key={a.attempt}>
                            <Table.Td>{a.attempt}</Table.Td>
                            <Table.Td>
                              <Badge size="xs" color={a.success ? "teal" : "red"} variant="light">
                                {a.success ? "ok" : "failed"}
                              </Badge>
                            </Table.Td>
                            <Table.Td>
                              <Text size="xs" lineClamp={3}>
                                {a.error ?? "—"}
                              </Text>
                            </Table.Td>
                          </Table.Tr>
                        ))}
                      </Table.Tbody>
                    </Table>
                  )}
                  {failures.length > 0 && (
                    <Table withTableBorder fz="xs" verticalSpacing={4} data-testid="step-failures">
                      <Table.Thead>
                        <Table.Tr>
                          <Table.Th>Failed rule</Table.Th>
                          <Table.Th w={70} ta="right">
                            Count
                          </Table.Th>
                        </Table.Tr>
                      </Table.Thead>
                      <Table.Tbody>
                        {failures.map((f, i) => (
                          <Table.Tr key={i}>
                            <Table.Td>
                              <Text size="xs" fw={500}>
                                {f.rule}
                              </Text>
                              <Text size="xs" c="dimmed">
                                {f.message}
                              </Text>
                            </Table.Td>
                            <Table.Td ta="right">{f.count}</Table.Td>
                          </Table.Tr>
                        ))}
                      </Table.Tbody>
                    </Table>
                  )}
                  <Text size="xs" fw={600} c="dimmed" tt="uppercase">
                    Step metadata
                  </Text>
                  <JsonView value={result.metadata} maxHeight={360} />
                </Stack>
              </Accordion.Panel>
            )}
          </Accordion.Item>
        );
      })}
    </Accordion>
  );
}
