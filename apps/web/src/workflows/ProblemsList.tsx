import { Alert, List, Text } from "@mantine/core";
import { IconAlertTriangle } from "@tabler/icons-react";
import { describePath, type TFieldErrors } from "./definition-errors.ts";
import type { TDraft } from "./draft.ts";

/** Every problem in one place, so errors inside collapsed steps are not missed. */
export function ProblemsList({ errors, draft }: { errors: TFieldErrors; draft: TDraft }) {
  const entries = Object.entries(errors);
  if (entries.length === 0) return null;
  return (
    <Alert
      color="red"
      variant="light"
      icon={<IconAlertTriangle size={18} />}
      title={`${entries.length} ${entries.length === 1 ? "problem" : "problems"} to fix before saving`}
      data-testid="problems"
    >
      <List size="sm" spacing={2}>
        {entries.map(([path, message]) => (
          <List.Item key={path}>
            <Text span size="sm" fw={500}>
              {describePath(path, draft.steps)}
            </Text>
            : {message}
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}
