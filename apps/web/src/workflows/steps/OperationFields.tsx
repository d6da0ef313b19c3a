import { ZCastType } from "@aw/core/schemas";
import {
  ActionIcon,
  Button,
  Group,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  TagsInput,
  Text,
  TextInput,
} from "@mantine/core";
import { IconArrowRight, IconPlus, IconTrash } from "@tabler/icons-react";
import { useFieldErrors } from "../builder-context.ts";
import { ColumnInput, ColumnsInput } from "../column-fields.tsx";
import {
  FILL_STRATEGY_LABELS,
  FILTER_OPERATOR_LABELS,
  formatScalar,
  parseScalar,
  type TOperationInput,
  type TOpOf,
} from "./operation-kinds.ts";

type TProps<T> = { path: string; value: T; onChange: (value: T) => void };

const toOptions = (labels: Record<string, string>) => Object.entries(labels).map(([value, label]) => ({ value, label }));

/** The fields of one operation, by its kind. */
export function OperationFields({ path, value, onChange }: TProps<TOperationInput>) {
  const fieldError = useFieldErrors();
  switch (value.op) {
    case "select":
      return (
        <ColumnsInput
          path={`${path}.columns`}
          label="Columns to keep"
          required
          value={value.columns}
          onChange={(columns) => onChange({ ...value, columns: columns ?? [] })}
        />
      );
    case "rename":
      return <RenameFields path={path} value={value} onChange={onChange} />;
    case "cast":
      return (
        <SimpleGrid cols={2} spacing="sm">
          <ColumnInput
            path={`${path}.column`}
            label="Column"
            required
            value={value.column}
            onChange={(column) => onChange({ ...value, column: column ?? "" })}
          />
          <Select
            label="New type"
            data={[...ZCastType.options]}
            value={value.to}
            onChange={(to) => onChange({ ...value, to: to ?? "double" })}
            allowDeselect={false}
            error={fieldError(`${path}.to`)}
          />
        </SimpleGrid>
      );
    case "filter":
      return <FilterFields path={path} value={value} onChange={onChange} />;
    case "fill_nulls":
      return <FillNullsFields path={path} value={value} onChange={onChange} />;
    case "drop_nulls":
      return (
        <SimpleGrid cols={2} spacing="sm">
          <ColumnsInput
            path={`${path}.columns`}
            label="Columns"
            value={value.columns}
            onChange={(columns) => onChange({ ...value, columns })}
          />
          <Select
            label="Drop a row when"
            data={[
              { value: "any", label: "any of them is empty" },
              { value: "all", label: "all of them are empty" },
            ]}
            value={value.how ?? "any"}
            onChange={(how) => onChange({ ...value, how: how ?? "any" })}
            allowDeselect={false}
          />
        </SimpleGrid>
      );
    case "dedupe":
      return (
        <ColumnsInput
          path={`${path}.columns`}
          label="Compare columns"
          value={value.columns}
          onChange={(columns) => onChange({ ...value, columns })}
        />
      );
    case "derive":
      return (
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <ColumnInput
            path={`${path}.column`}
            label="New column"
            required
            value={value.column}
            onChange={(column) => onChange({ ...value, column: column ?? "" })}
          />
          <TextInput
            label="SQL expression"
            withAsterisk
            placeholder="price * quantity"
            classNames={{ input: "mono" }}
            value={value.expression}
            onChange={(e) => onChange({ ...value, expression: e.currentTarget.value })}
            error={fieldError(`${path}.expression`)}
          />
        </SimpleGrid>
      );
    case "sort":
      return <SortFields path={path} value={value} onChange={onChange} />;
    case "limit":
      return (
        <NumberInput
          label="Keep the first"
          suffix=" rows"
          min={0}
          value={value.count}
          onChange={(count) => onChange({ ...value, count: typeof count === "number" ? count : 0 })}
          error={fieldError(`${path}.count`)}
          maw={240}
        />
      );
    case "normalize_text":
      return <NormalizeTextFields path={path} value={value} onChange={onChange} />;
    case "bucket":
      return <BucketFields path={path} value={value} onChange={onChange} />;
  }
}

function FilterFields({ path, value, onChange }: TProps<TOpOf<"filter">>) {
  const fieldError = useFieldErrors();
  const needsValue = !["is_null", "not_null", "finite"].includes(value.operator);
  const isList = value.operator === "in" || value.operator === "not_in";
  return (
    <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
      <ColumnInput
        path={`${path}.column`}
        label="Column"
        required
        value={value.column}
        onChange={(column) => onChange({ ...value, column: column ?? "" })}
      />
      <Select
        label="Condition"
        data={toOptions(FILTER_OPERATOR_LABELS)}
        value={value.operator}
        onChange={(operator) => onChange({ ...value, operator: (operator ?? "eq") as typeof value.operator, value: undefined })}
        allowDeselect={false}
        error={fieldError(`${path}.operator`)}
      />
      {needsValue && (
        <TextInput
          label={isList ? "Values (comma separated)" : "Value"}
          value={formatScalar(value.value)}
          onChange={(e) => {
            const text = e.currentTarget.value;
            const parsed = isList
              ? text
                  .split(",")
                  .map((s) => parseScalar(s.trim()))
                  .filter((v): v is string | number => typeof v !== "boolean")
              : parseScalar(text);
            onChange({ ...value, value: text === "" ? undefined : parsed });
          }}
          error={fieldError(`${path}.value`)}
        />
      )}
    </SimpleGrid>
  );
}

function FillNullsFields({ path, value, onChange }: TProps<TOpOf<"fill_nulls">>) {
  const fieldError = useFieldErrors();
  const strategy = value.strategy ?? "constant";
  return (
    <Stack gap="sm">
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
        <ColumnsInput
          path={`${path}.columns`}
          label="Columns"
          required
          value={value.columns}
          onChange={(columns) => onChange({ ...value, columns: columns ?? [] })}
        />
        <Select
          label="Fill with"
          data={toOptions(FILL_STRATEGY_LABELS)}
          value={strategy}
          onChange={(s) => onChange({ ...value, strategy: (s ?? "constant") as typeof strategy })}
          allowDeselect={false}
        />
        {strategy === "constant" && (
          <TextInput
            label="Value"
            value={formatScalar(value.value)}
            onChange={(e) => onChange({ ...value, value: e.currentTarget.value === "" ? undefined : parseScalar(e.currentTarget.value) })}
            error={fieldError(`${path}.value`)}
          />
        )}
      </SimpleGrid>
      <Switch
        label="Mark filled values"
        description="Adds a <column>_was_missing column per filled column, so a model can tell filled values apart"
        checked={value.indicator ?? false}
        onChange={(e) => onChange({ ...value, indicator: e.currentTarget.checked })}
      />
    </Stack>
  );
}

function NormalizeTextFields({ path, value, onChange }: TProps<TOpOf<"normalize_text">>) {
  const fieldError = useFieldErrors();
  return (
    <Stack gap="sm">
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <ColumnsInput
          path={`${path}.columns`}
          label="Text columns"
          description="Columns that hold text"
          required
          value={value.columns}
          onChange={(columns) => onChange({ ...value, columns: columns ?? [] })}
        />
        <TagsInput
          label="Words that mean empty"
          description="Read as NULL, ignoring case and surrounding spaces"
          placeholder={value.nullWords?.length ? undefined : "NA, null … then Enter"}
          value={value.nullWords ?? []}
          onChange={(nullWords) => onChange({ ...value, nullWords })}
          splitChars={[",", "Enter"]}
          error={fieldError(`${path}.nullWords`)}
          clearable
        />
      </SimpleGrid>
      <Switch
        label="Trim leading and trailing spaces"
        checked={value.trim ?? true}
        onChange={(e) => onChange({ ...value, trim: e.currentTarget.checked })}
      />
    </Stack>
  );
}

/** Typed text of a kept category: a number when it is exactly one, else the text (a category named "true" stays text). */
const keptValue = (text: string): string | number => {
  const parsed = parseScalar(text);
  return typeof parsed === "number" ? parsed : text;
};

function BucketFields({ path, value, onChange }: TProps<TOpOf<"bucket">>) {
  const fieldError = useFieldErrors();
  return (
    <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
      <ColumnInput
        path={`${path}.column`}
        label="Column"
        required
        value={value.column}
        onChange={(column) => onChange({ ...value, column: column ?? "" })}
      />
      <TagsInput
        label="Values to keep"
        description="Every other value is replaced by the label"
        placeholder={value.keep.length ? undefined : "Type a value and press Enter"}
        value={value.keep.map(String)}
        onChange={(keep) => onChange({ ...value, keep: keep.map(keptValue) })}
        splitChars={[",", "Enter"]}
        error={fieldError(`${path}.keep`)}
        clearable
      />
      <TextInput
        label="Label for the others"
        description="NULLs stay NULL"
        value={value.other ?? "Other"}
        onChange={(e) => onChange({ ...value, other: e.currentTarget.value })}
        error={fieldError(`${path}.other`)}
      />
    </SimpleGrid>
  );
}

function RenameFields({ path, value, onChange }: TProps<TOpOf<"rename">>) {
  const fieldError = useFieldErrors();
  const pairs = Object.entries(value.mapping);
  const setPairs = (next: [string, string][]) => onChange({ ...value, mapping: Object.fromEntries(next) });
  const error = fieldError(`${path}.mapping`);
  return (
    <Stack gap={6}>
      {pairs.map(([from, to], i) => (
        <Group key={i} gap="xs" wrap="nowrap" align="flex-end">
          <ColumnInput
            path={`${path}.mapping.${from}`}
            label={i === 0 ? "Column" : ""}
            value={from}
            onChange={(f) => setPairs(pairs.map((p, j) => (j === i ? [f ?? "", p[1]] : p)))}
          />
          <IconArrowRight size={16} style={{ marginBottom: 10 }} aria-hidden />
          <TextInput
            label={i === 0 ? "New name" : ""}
            value={to}
            onChange={(e) => setPairs(pairs.map((p, j) => (j === i ? [p[0], e.currentTarget.value] : p)))}
            aria-label={`New name for ${from || "column"}`}
          />
          <ActionIcon
            variant="subtle"
            color="red"
            mb={4}
            aria-label={`Remove rename of ${from || "column"}`}
            onClick={() => setPairs(pairs.filter((_, j) => j !== i))}
          >
            <IconTrash size={16} />
          </ActionIcon>
        </Group>
      ))}
      {error && (
        <Text size="xs" c="red">
          {error}
        </Text>
      )}
      <Button
        variant="light"
        size="compact-sm"
        leftSection={<IconPlus size={14} />}
        w="fit-content"
        onClick={() => setPairs([...pairs, [`column_${pairs.length + 1}`, ""]])}
      >
        Add a rename
      </Button>
    </Stack>
  );
}

function SortFields({ path, value, onChange }: TProps<TOpOf<"sort">>) {
  const setBy = (by: typeof value.by) => onChange({ ...value, by });
  return (
    <Stack gap={6}>
      {value.by.map((key, i) => (
        <Group key={i} gap="xs" wrap="nowrap" align="flex-end">
          <ColumnInput
            path={`${path}.by.${i}.column`}
            label={i === 0 ? "Sort by" : "Then by"}
            required
            value={key.column}
            onChange={(column) => setBy(value.by.map((k, j) => (j === i ? { ...k, column: column ?? "" } : k)))}
          />
          <SegmentedControl
            mb={2}
            data={[
              { value: "asc", label: "Ascending" },
              { value: "desc", label: "Descending" },
            ]}
            value={key.direction ?? "asc"}
            onChange={(direction) => setBy(value.by.map((k, j) => (j === i ? { ...k, direction } : k)))}
          />
          {value.by.length > 1 && (
            <ActionIcon
              variant="subtle"
              color="red"
              mb={4}
              aria-label="Remove sort key"
              onClick={() => setBy(value.by.filter((_, j) => j !== i))}
            >
              <IconTrash size={16} />
            </ActionIcon>
          )}
        </Group>
      ))}
      <Button
        variant="light"
        size="compact-sm"
        leftSection={<IconPlus size={14} />}
        w="fit-content"
        onClick={() => setBy([...value.by, { column: "", direction: "asc" }])}
      >
        Add a sort key
      </Button>
    </Stack>
  );
}
