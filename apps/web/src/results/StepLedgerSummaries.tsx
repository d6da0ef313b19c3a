import { Badge, Group, Table, Text } from "@mantine/core";
import { columnsSummary, count, ledgerOf, ledgerSummary, valuesSummary } from "../jobs/ledger-words.ts";
import type { RouterOutputs } from "../trpc.ts";
import { STEP_LABELS } from "../workflows/draft.ts";

type TStepResults = RouterOutputs["jobs"]["result"]["steps"];
type TStepResult = NonNullable<TStepResults[number]>;

/** What a validation or export step reports besides its ledger: "all checks passed", "→ cities.clean.csv". */
function outcomeWords(step: TStepResult): string | null {
  const m = step.metadata;
  if (step.type === "validation") {
    const failures = Array.isArray(m.failures) ? m.failures.length : 0;
    return m.passed === true ? "checks passed" : `${count(failures, "failure")}`;
  }
  if (step.type === "export") {
    const output = m.output as { format?: unknown } | undefined;
    return typeof output?.format === "string" ? `written as ${output.format.toUpperCase()}` : null;
  }
  return null;
}

/** The run in words, a line per step: rows in → out and removed, columns changed, values changed, and the outcome. */
export function StepLedgerSummaries({ steps }: { steps: TStepResults }) {
  const done = steps.filter((s): s is TStepResult => s !== null);
  if (done.length === 0) return null;
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table withTableBorder fz="sm" verticalSpacing={6} mb="md" aria-label="What each step did" data-testid="report-ledgers">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Step</Table.Th>
            <Table.Th>Rows</Table.Th>
            <Table.Th>Columns</Table.Th>
            <Table.Th>Values</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {done.map((step) => {
            const ledger = ledgerOf(step.metadata);
            const outcome = outcomeWords(step);
            return (
              <Table.Tr key={step.index} data-testid="report-step">
                <Table.Td>
                  <Group gap={6} wrap="nowrap">
                    <Text size="sm">
                      {step.index + 1}. {step.name}
                    </Text>
                    <Badge size="xs" variant="light" color={STEP_LABELS[step.type].color}>
                      {STEP_LABELS[step.type].title}
                    </Badge>
                  </Group>
                  {outcome && (
                    <Text size="xs" c="dimmed">
                      {outcome}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{ledger ? ledgerSummary(ledger) : "—"}</Table.Td>
                <Table.Td>{ledger ? (columnsSummary(ledger) ?? "unchanged") : "—"}</Table.Td>
                <Table.Td>{ledger ? (valuesSummary(ledger) ?? "unchanged") : "—"}</Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
