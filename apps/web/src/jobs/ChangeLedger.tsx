import type { TLedger } from "@aw/core/schemas";
import { Alert, Badge, Code, Group, Paper, Stack, Text } from "@mantine/core";
import type { ReactNode } from "react";
import { formatNumber } from "../format.ts";
import {
  count,
  hasColumnChanges,
  ledgerOf,
  removedTotal,
  rowsInOut,
  shownValue,
  untouchedWords,
  valueChangeWords,
  valuesByReason,
} from "./ledger-words.ts";
import { RemovedRows } from "./RemovedRows.tsx";

/** What a step did to the data, in words: rows in and out, rows removed and why, column and value changes. Nothing when the step kept no ledger. */
export function ChangeLedger({ metadata }: { metadata: Record<string, unknown> | undefined }) {
  if (metadata?.ledger === undefined) return null;
  const ledger = ledgerOf(metadata);
  if (!ledger) {
    return (
      <Alert color="yellow" variant="light" title="Change ledger unreadable" data-testid="change-ledger">
        This step recorded a change ledger that does not match the contract; its raw form is in the step metadata.
      </Alert>
    );
  }
  const removed = removedTotal(ledger);
  const untouched = untouchedWords(ledger);
  return (
    <Paper withBorder p="sm" data-testid="change-ledger" role="group" aria-label="Change ledger">
      <Group justify="space-between" gap="xs" mb={6}>
        <Text size="sm" fw={600} data-testid="ledger-rows">
          {rowsInOut(ledger)}
        </Text>
        {removed > 0 && (
          <Badge color="orange" variant="light">
            {formatNumber(removed)} removed
          </Badge>
        )}
      </Group>
      <Stack gap="sm">
        {ledger.removed.length > 0 && (
          <Section title="Rows removed">
            {ledger.removed.map((entry, i) => (
              <RemovedRows key={i} entry={entry} />
            ))}
          </Section>
        )}
        {hasColumnChanges(ledger) && (
          <Section title="Columns">
            <ColumnChanges columns={ledger.columns} />
          </Section>
        )}
        {ledger.values.length > 0 && (
          <Section title="Values changed">
            {valuesByReason(ledger.values).map((group, i) => (
              <div key={i}>
                <Text size="xs" c="dimmed" mb={2}>
                  {group.reason}
                </Text>
                {group.entries.map((entry, j) => (
                  <ValueChange key={j} entry={entry} />
                ))}
              </div>
            ))}
          </Section>
        )}
        {untouched && (
          <Text size="sm" c="dimmed" data-testid="ledger-untouched">
            {untouched}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div role="group" aria-label={title}>
      <Text size="xs" fw={600} c="dimmed" tt="uppercase" mb={4}>
        {title}
      </Text>
      <Stack gap={6}>{children}</Stack>
    </div>
  );
}

const Name = ({ children }: { children: ReactNode }) => (
  <Text span fw={600}>
    {children}
  </Text>
);

/** One line per column added, dropped, renamed or retyped, each with its reason. */
function ColumnChanges({ columns }: { columns: TLedger["columns"] }) {
  return (
    <>
      {columns.dropped.map((c) => (
        <Text size="sm" key={`dropped-${c.column}`}>
          <Name>{c.column}</Name> dropped: {c.reason}
        </Text>
      ))}
      {columns.added.map((c) => (
        <Text size="sm" key={`added-${c.column}`}>
          <Name>{c.column}</Name> added: {c.reason}
        </Text>
      ))}
      {columns.renamed.map((c) => (
        <Text size="sm" key={`renamed-${c.from}`}>
          <Name>{c.from}</Name> renamed to <Name>{c.to}</Name>: {c.reason}
        </Text>
      ))}
      {columns.cast.map((c) => (
        <Text size="sm" key={`cast-${c.column}`}>
          <Name>{c.column}</Name> retyped {c.from} → {c.to}: {c.reason}
          {c.failed > 0 && (
            <Text span c="orange.8">
              {" "}
              ({count(c.failed, "value")} did not convert and became NULL)
            </Text>
          )}
        </Text>
      ))}
    </>
  );
}

/** "age: 2 null words → NULL" and a few before → after examples. */
function ValueChange({ entry }: { entry: TLedger["values"][number] }) {
  return (
    <Group gap={6} wrap="wrap" data-testid="ledger-value">
      <Text size="sm">
        <Name>{entry.column}</Name>: {valueChangeWords(entry.change, entry.count)}
      </Text>
      {entry.examples.map((e, i) => (
        // Pre-formatted so padding shows: "  Alice " → "Alice".
        <Code key={i} fz="xs" style={{ whiteSpace: "pre" }}>
          {shownValue(e.before)} → {shownValue(e.after)}
        </Code>
      ))}
    </Group>
  );
}
