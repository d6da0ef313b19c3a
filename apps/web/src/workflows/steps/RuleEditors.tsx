import { type TColumnRule, type TStatRule, ZColumnRuleSchema, ZStatRuleSchema } from "@aw/core/schemas";
import { Button, Checkbox, Group, NumberInput, Paper, Select, SimpleGrid, Stack, TagsInput, Text, TextInput } from "@mantine/core";
import { IconPlus } from "@tabler/icons-react";
import { useFieldErrors } from "../builder-context.ts";
import { ColumnInput } from "../column-fields.tsx";
import { moveItem } from "../draft.ts";
import { ReorderControls } from "../ReorderControls.tsx";
import { parseScalar } from "./operation-kinds.ts";

const COLUMN_TYPES = ZColumnRuleSchema.shape.type.unwrap().options;
const METRICS = ZStatRuleSchema.shape.metric.options;
const OPERATORS = [
  { value: "eq", label: "=" },
  { value: "neq", label: "≠" },
  { value: "gt", label: ">" },
  { value: "gte", label: "≥" },
  { value: "lt", label: "<" },
  { value: "lte", label: "≤" },
] satisfies { value: TStatRule["operator"]; label: string }[];

type TListProps<T> = { path: string; value: T[]; onChange: (value: T[]) => void };

const num = (v: string | number) => (typeof v === "number" ? v : undefined);

/** Expectations per column for a `schema` validation. */
export function ColumnRulesEditor({ path, value, onChange }: TListProps<TColumnRule>) {
  const fieldError = useFieldErrors();
  const set = (i: number, rule: TColumnRule) => onChange(value.map((r, j) => (j === i ? rule : r)));
  return (
    <Stack gap="xs">
      {value.map((rule, i) => {
        const p = `${path}.${i}`;
        return (
          <Paper key={i} withBorder p="sm">
            <Group justify="space-between" mb={4}>
              <Text size="sm" fw={500}>
                Column rule {i + 1}
              </Text>
              <ReorderControls
                index={i}
                count={value.length}
                what="column rule"
                onMove={(to) => onChange(moveItem(value, i, to))}
                onRemove={() => onChange(value.filter((_, j) => j !== i))}
              />
            </Group>
            <SimpleGrid cols={{ base: 2, lg: 4 }} spacing="sm">
              <ColumnInput
                path={`${p}.name`}
                label="Column"
                required
                value={rule.name}
                onChange={(name) => set(i, { ...rule, name: name ?? "" })}
              />
              <Select
                label="Type"
                data={[...COLUMN_TYPES]}
                value={rule.type}
                onChange={(t) => set(i, { ...rule, type: t ?? "any" })}
                allowDeselect={false}
              />
              <NumberInput
                label="Min"
                value={rule.min ?? ""}
                onChange={(v) => set(i, { ...rule, min: num(v) })}
                error={fieldError(`${p}.min`)}
              />
              <NumberInput
                label="Max"
                value={rule.max ?? ""}
                onChange={(v) => set(i, { ...rule, max: num(v) })}
                error={fieldError(`${p}.max`)}
              />
              <TagsInput
                label="Allowed values"
                placeholder="Any"
                value={(rule.allowed ?? []).map(String)}
                onChange={(vals) => set(i, { ...rule, allowed: vals.length ? vals.map(parseScalar) : undefined })}
                error={fieldError(`${p}.allowed`)}
              />
              <TextInput
                label="Pattern (regex)"
                classNames={{ input: "mono" }}
                value={rule.pattern ?? ""}
                onChange={(e) => set(i, { ...rule, pattern: e.currentTarget.value || undefined })}
                error={fieldError(`${p}.pattern`)}
              />
            </SimpleGrid>
            <Group gap="lg" mt="sm">
              <Checkbox label="Required" checked={rule.required} onChange={(e) => set(i, { ...rule, required: e.currentTarget.checked })} />
              <Checkbox label="Nullable" checked={rule.nullable} onChange={(e) => set(i, { ...rule, nullable: e.currentTarget.checked })} />
              <Checkbox label="Unique" checked={rule.unique} onChange={(e) => set(i, { ...rule, unique: e.currentTarget.checked })} />
            </Group>
          </Paper>
        );
      })}
      {fieldError(path) && (
        <Text size="xs" c="red">
          {fieldError(path)}
        </Text>
      )}
      <Button
        variant="light"
        size="xs"
        leftSection={<IconPlus size={14} />}
        w="fit-content"
        onClick={() => onChange([...value, { name: "", type: "any", required: true, nullable: true, unique: false }])}
      >
        Add a column rule
      </Button>
    </Stack>
  );
}

/** Rules over computed statistics for an `info_dict` validation: `metric(column) operator value`. */
export function StatRulesEditor({ path, value, onChange }: TListProps<TStatRule>) {
  const fieldError = useFieldErrors();
  const set = (i: number, rule: TStatRule) => onChange(value.map((r, j) => (j === i ? rule : r)));
  return (
    <Stack gap="xs">
      {value.map((rule, i) => {
        const p = `${path}.${i}`;
        const tableLevel = rule.metric === "row_count" || rule.metric === "column_count";
        return (
          <Group key={i} gap="xs" align="flex-start" wrap="nowrap">
            <Select
              label={i === 0 ? "Metric" : undefined}
              aria-label="Metric"
              data={[...METRICS]}
              value={rule.metric}
              onChange={(m) => set(i, { ...rule, metric: m ?? "row_count" })}
              allowDeselect={false}
              w={170}
            />
            {!tableLevel && (
              <ColumnInput
                path={`${p}.column`}
                label={i === 0 ? "Column" : ""}
                value={rule.column}
                onChange={(column) => set(i, { ...rule, column })}
              />
            )}
            <Select
              label={i === 0 ? "Operator" : undefined}
              aria-label="Operator"
              data={OPERATORS}
              value={rule.operator}
              onChange={(o) => set(i, { ...rule, operator: o ?? "gt" })}
              allowDeselect={false}
              w={80}
            />
            <NumberInput
              label={i === 0 ? "Value" : undefined}
              aria-label="Value"
              value={rule.value}
              onChange={(v) => set(i, { ...rule, value: typeof v === "number" ? v : 0 })}
              error={fieldError(`${p}.value`)}
              w={120}
            />
            <Stack justify="flex-end" mt={i === 0 ? 24 : 0}>
              <ReorderControls
                index={i}
                count={value.length}
                what="rule"
                onMove={(to) => onChange(moveItem(value, i, to))}
                onRemove={() => onChange(value.filter((_, j) => j !== i))}
              />
            </Stack>
          </Group>
        );
      })}
      {fieldError(path) && (
        <Text size="xs" c="red">
          {fieldError(path)}
        </Text>
      )}
      <Button
        variant="light"
        size="xs"
        leftSection={<IconPlus size={14} />}
        w="fit-content"
        onClick={() => onChange([...value, { metric: "null_fraction", column: "", operator: "lte", value: 0.1 }])}
      >
        Add a rule
      </Button>
    </Stack>
  );
}
