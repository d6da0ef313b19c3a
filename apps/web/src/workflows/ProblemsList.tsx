import { Alert, List, Text } from "@mantine/core";
import { IconAlertTriangle } from "@tabler/icons-react";
import type { TFieldErrors } from "./definition-errors.ts";
import type { TDraft } from "./draft.ts";

/** "Step 2 (Prepare) › config › target" instead of `steps.1.config.target`. */
function describePath(path: string, draft: TDraft): string {
  const parts = path.split(".");
  if (parts[0] === "steps" && parts[1] !== undefined && /^\d+$/.test(parts[1])) {
    const index = Number(parts[1]);
    const step = draft.steps[index];
    const head = `Step ${index + 1}${step?.name ? ` (${step.name})` : ""}`;
    return [head, ...parts.slice(2).filter((p) => p !== "config" && p !== "spec")].join(" › ");
  }
  if (path === "" || path === "(input)") return "Workflow";
  if (path === "name") return "Workflow name";
  return parts.join(" › ");
}

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
              {describePath(path, draft)}
            </Text>
            : {message}
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}
