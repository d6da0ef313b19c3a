import { PREPARE_TARGETS } from "@aw/core/schemas";
import { NumberInput, Select, Stack, Switch, Text } from "@mantine/core";
import { useFieldErrors } from "../builder-context.ts";
import type { TStepOf } from "../draft.ts";
import { CosmoMappingFields } from "./CosmoMappingFields.tsx";
import { OperationsEditor } from "./OperationsEditor.tsx";

type TConfig = TStepOf<"preparing">["config"];
type TTarget = (typeof PREPARE_TARGETS)[number];
type TProps = { path: string; value: TConfig; onChange: (value: TConfig) => void };

const TARGET_DESCRIPTIONS: Record<TTarget, string> = {
  "cosmo-ready": "Points (and links) ready for a Cosmograph view: positions, size, colour and labels",
  clean: "Trimmed text, null words read as NULL, consistent types, no empty rows or columns",
  "ml-ready": "Numeric features, encoded categories, filled gaps",
  "plot-ready": "Tidy columns with sensible types for charting",
  custom: "Your own list of operations",
};

export function PreparingStepForm({ path, value, onChange }: TProps) {
  const fieldError = useFieldErrors();
  return (
    <Stack gap="sm">
      <Select
        label="Target"
        withAsterisk
        data={PREPARE_TARGETS.map((t) => ({ value: t, label: t }))}
        value={value.target ?? null}
        onChange={(target) => onChange({ ...value, target: target as TTarget })}
        description={value.target ? TARGET_DESCRIPTIONS[value.target] : undefined}
        error={fieldError(`${path}.target`)}
        allowDeselect={false}
        maw={420}
        renderOption={({ option }) => (
          <div>
            <Text size="sm">{option.label}</Text>
            <Text size="xs" c="dimmed">
              {TARGET_DESCRIPTIONS[option.value]}
            </Text>
          </div>
        )}
      />
      {value.target === "cosmo-ready" && (
        <>
          <Text size="sm" fw={500}>
            Column mapping{" "}
            <Text span c="dimmed" size="xs">
              (leave empty to let the agent choose)
            </Text>
          </Text>
          <CosmoMappingFields path={`${path}.mapping`} value={value.mapping} onChange={(mapping) => onChange({ ...value, mapping })} />
        </>
      )}
      {value.target === "custom" && (
        <OperationsEditor
          path={`${path}.operations`}
          value={value.operations ?? []}
          onChange={(operations) => onChange({ ...value, operations })}
        />
      )}
      <Switch
        label="Remove exact duplicate rows"
        description="Off by default: duplicates are kept unless you ask; removed rows are counted in the change ledger"
        checked={value.dedupe ?? false}
        onChange={(e) => onChange({ ...value, dedupe: e.currentTarget.checked })}
      />
      {value.target === "ml-ready" && (
        <NumberInput
          label="Drop columns with more missing values than"
          description="Such columns are dropped with a note in the change ledger; the rest have their gaps filled. Empty means 50%."
          placeholder="50%"
          suffix="%"
          min={0}
          max={100}
          clampBehavior="strict"
          allowDecimal={false}
          // The contract holds a share (0..1); people think in percent.
          value={value.maxNullShare === undefined ? "" : Math.round(value.maxNullShare * 100)}
          onChange={(percent) => onChange({ ...value, maxNullShare: typeof percent === "number" ? percent / 100 : undefined })}
          error={fieldError(`${path}.maxNullShare`)}
          maw={420}
        />
      )}
      <Switch
        label="Let the LLM planner propose the plan"
        description="Needs an LLM configured on the server; plans are still checked against the operations contract"
        checked={value.useLlm ?? false}
        onChange={(e) => onChange({ ...value, useLlm: e.currentTarget.checked })}
      />
    </Stack>
  );
}
