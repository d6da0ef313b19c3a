import type { TLedger } from "@aw/core/schemas";
import { Button, Collapse, Group, Table, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconChevronDown, IconChevronUp } from "@tabler/icons-react";
import { useId } from "react";
import { cellValue, count } from "./ledger-words.ts";

type TRemoved = TLedger["removed"][number];

/** One reason rows were removed: how many, and the example rows it kept, in a table that opens on demand. */
export function RemovedRows({ entry }: { entry: TRemoved }) {
  const [opened, { toggle }] = useDisclosure(false);
  const tableId = useId();
  const { reason, examples } = entry;
  const columns = [...new Set(examples.flatMap((row) => Object.keys(row)))];
  return (
    <div data-testid="ledger-removed">
      <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
        <Text size="sm">
          <Text span fw={600}>
            {count(entry.count, "row")}
          </Text>{" "}
          removed: {reason}
        </Text>
        {examples.length > 0 && (
          <Button
            variant="subtle"
            size="compact-xs"
            onClick={toggle}
            aria-expanded={opened}
            aria-controls={tableId}
            rightSection={opened ? <IconChevronUp size={14} /> : <IconChevronDown size={14} />}
            style={{ flexShrink: 0 }}
          >
            {opened ? "Hide" : "Show"} {examples.length === 1 ? "the row" : `${examples.length} rows`}
          </Button>
        )}
      </Group>
      <Collapse expanded={opened} id={tableId}>
        <Table.ScrollContainer type="native" minWidth={Math.max(columns.length * 90, 200)} mt={6}>
          <Table withTableBorder withColumnBorders fz="xs" verticalSpacing={2} aria-label={`Rows removed: ${reason}`}>
            <Table.Thead>
              <Table.Tr>
                {columns.map((c) => (
                  <Table.Th key={c}>{c}</Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {examples.map((row, i) => (
                <Table.Tr key={i}>
                  {columns.map((c) => (
                    <Table.Td key={c} c={row[c] === null || row[c] === undefined ? "dimmed" : undefined}>
                      {cellValue(row[c])}
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {entry.count > examples.length && (
          <Text size="xs" c="dimmed" mt={2}>
            The first {count(examples.length, "example")} of {count(entry.count, "removed row")}.
          </Text>
        )}
      </Collapse>
    </div>
  );
}
