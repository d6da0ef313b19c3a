import { Badge, Group, Table, Text } from "@mantine/core";
import { ledgerOf, ledgerSummary } from "../jobs/ledger-words.ts";
import { STEP_LABELS } from "../workflows/draft.ts";
import type { RouterOutputs } from "../trpc.ts";

type TStepResults = RouterOutputs["jobs"]["result"]["steps"];

/** The run report's steps that touched the data, one line each: "5 rows in → 4 rows out, 1 removed". */
export function StepLedgerSummaries({ steps }: { steps: TStepResults }) {
  const counted = steps.flatMap((step) => {
    const ledger = step ? ledgerOf(step.metadata) : null;
    return step && ledger ? [{ step, ledger }] : [];
  });
  if (counted.length === 0) return null;
  return (
    <Table withTableBorder fz="sm" verticalSpacing={6} mb="md" aria-label="What each step changed" data-testid="report-ledgers">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Step</Table.Th>
          <Table.Th>Rows</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {counted.map(({ step, ledger }) => (
          <Table.Tr key={step.index}>
            <Table.Td>
              <Group gap={6} wrap="nowrap">
                <Text size="sm">
                  {step.index + 1}. {step.name}
                </Text>
                <Badge size="xs" variant="light" color={STEP_LABELS[step.type].color}>
                  {STEP_LABELS[step.type].title}
                </Badge>
              </Group>
            </Table.Td>
            <Table.Td>{ledgerSummary(ledger)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
