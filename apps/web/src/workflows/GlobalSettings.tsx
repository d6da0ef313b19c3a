import { NumberInput, Select, SimpleGrid, Switch, TextInput } from "@mantine/core";
import { useFieldErrors } from "./builder-context.ts";
import type { TDraft } from "./draft.ts";

type TConfig = NonNullable<TDraft["globalConfig"]>;
type TProps = { value: TConfig; onChange: (value: TConfig) => void };

const n = (v: string | number) => (typeof v === "number" ? v : undefined);

/** Workflow-wide defaults: retries, timeouts, what an unanswered approval does, the LLM planner. */
export function GlobalSettings({ value, onChange }: TProps) {
  const fieldError = useFieldErrors();
  return (
    <SimpleGrid cols={1} spacing="sm">
      <NumberInput
        label="Max retries per step"
        placeholder="Server default"
        min={0}
        max={10}
        value={value.maxRetries ?? ""}
        onChange={(v) => onChange({ ...value, maxRetries: n(v) })}
        error={fieldError("globalConfig.maxRetries")}
      />
      <NumberInput
        label="Job timeout"
        suffix=" s"
        placeholder="Server default"
        min={1}
        value={value.timeoutSeconds ?? ""}
        onChange={(v) => onChange({ ...value, timeoutSeconds: n(v) })}
        error={fieldError("globalConfig.timeoutSeconds")}
      />
      <NumberInput
        label="Approval timeout"
        suffix=" s"
        placeholder="Wait forever"
        min={1}
        value={value.approvalTimeoutSeconds ?? ""}
        onChange={(v) => onChange({ ...value, approvalTimeoutSeconds: n(v) })}
        error={fieldError("globalConfig.approvalTimeoutSeconds")}
      />
      <Select
        label="When an approval times out"
        data={[
          { value: "reject", label: "Reject the step" },
          { value: "approve", label: "Approve the step" },
        ]}
        value={value.approvalTimeoutAction ?? "reject"}
        onChange={(v) => onChange({ ...value, approvalTimeoutAction: v ?? "reject" })}
        allowDeselect={false}
      />
      <Switch
        label="Use the LLM planner"
        checked={value.llm?.enabled ?? false}
        onChange={(e) => onChange({ ...value, llm: { ...value.llm, enabled: e.currentTarget.checked } })}
      />
      {value.llm?.enabled && (
        <TextInput
          label="Model"
          placeholder="Server default"
          value={value.llm.model ?? ""}
          onChange={(e) => onChange({ ...value, llm: { ...value.llm, model: e.currentTarget.value || undefined } })}
        />
      )}
    </SimpleGrid>
  );
}
