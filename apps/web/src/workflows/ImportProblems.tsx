import { List, Text } from "@mantine/core";
import { ImportError } from "./draft.ts";

const SHOWN = 8;

/** Why an imported file was refused: the reason, then the first few field problems. */
export function ImportProblems({ error }: { error: unknown }) {
  const message = error instanceof Error ? error.message : String(error);
  const problems = error instanceof ImportError ? error.problems : [];
  return (
    <div data-testid="import-problems">
      <Text size="sm">{message}</Text>
      {problems.length > 0 && (
        <List size="xs" mt={4} spacing={2}>
          {problems.slice(0, SHOWN).map((problem) => (
            <List.Item key={problem}>{problem}</List.Item>
          ))}
          {problems.length > SHOWN && <List.Item>and {problems.length - SHOWN} more</List.Item>}
        </List>
      )}
    </div>
  );
}
