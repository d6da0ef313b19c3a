import type { TValidationSpec } from "@aw/core/schemas";
import { Button, Group, Paper, Select, Stack, Switch, Text, Textarea, TextInput } from "@mantine/core";
import { IconPlus } from "@tabler/icons-react";
import { useFieldErrors } from "../builder-context.ts";
import { moveItem } from "../draft.ts";
import { ReorderControls } from "../ReorderControls.tsx";
import { CosmoMappingFields } from "./CosmoMappingFields.tsx";
import { ColumnRulesEditor, StatRulesEditor } from "./RuleEditors.tsx";

type TSpecKind = "schema" | "info_dict" | "cosmo-ready" | "sql" | "all" | "any";
type TProps = { path: string; value: TValidationSpec; onChange: (value: TValidationSpec) => void; depth?: number };

const KIND_OPTIONS: { value: TSpecKind; label: string }[] = [
  { value: "schema", label: "Schema: columns, types, ranges" },
  { value: "info_dict", label: "Statistics: rules over row counts, nulls, distinct …" },
  { value: "cosmo-ready", label: "Fit for purpose: cosmo-ready" },
  { value: "sql", label: "Fit for purpose: SQL assertion" },
  { value: "all", label: "All of several checks" },
  { value: "any", label: "Any of several checks" },
];

function kindOf(spec: TValidationSpec): TSpecKind {
  return spec.kind === "functional" ? spec.check : spec.kind;
}

function emptySpec(kind: TSpecKind): TValidationSpec {
  switch (kind) {
    case "schema":
      return { kind: "schema", columns: [{ name: "", type: "any", required: true, nullable: true, unique: false }] };
    case "info_dict":
      return { kind: "info_dict", rules: [{ metric: "row_count", operator: "gt", value: 0 }] };
    case "cosmo-ready":
      return { kind: "functional", check: "cosmo-ready" };
    case "sql":
      return { kind: "functional", check: "sql", sql: "" };
    case "all":
    case "any":
      return { kind, of: [{ kind: "functional", check: "cosmo-ready" }] };
  }
}

/** One validation spec; `all`/`any` nest further specs, so this editor is recursive. */
export function ValidationSpecEditor({ path, value, onChange, depth = 0 }: TProps) {
  const fieldError = useFieldErrors();
  const kind = kindOf(value);
  return (
    <Stack gap="sm">
      <Select
        label="Check"
        data={KIND_OPTIONS}
        value={kind}
        onChange={(k) => k && onChange(emptySpec(k))}
        allowDeselect={false}
        error={fieldError(path)}
        maw={420}
      />
      {value.kind === "schema" && (
        <>
          <ColumnRulesEditor path={`${path}.columns`} value={value.columns} onChange={(columns) => onChange({ ...value, columns })} />
          <Switch
            label="Allow columns not listed"
            checked={value.allowExtraColumns ?? true}
            onChange={(e) => onChange({ ...value, allowExtraColumns: e.currentTarget.checked })}
          />
        </>
      )}
      {value.kind === "info_dict" && (
        <StatRulesEditor path={`${path}.rules`} value={value.rules} onChange={(rules) => onChange({ ...value, rules })} />
      )}
      {value.kind === "functional" && value.check === "cosmo-ready" && (
        <>
          <Text size="sm" c="dimmed">
            Passes when the table has numeric point positions (and valid link endpoints when it is an edge list). Leave the mapping empty to
            infer it.
          </Text>
          <CosmoMappingFields path={`${path}.mapping`} value={value.mapping} onChange={(mapping) => onChange({ ...value, mapping })} />
        </>
      )}
      {value.kind === "functional" && value.check === "sql" && (
        <>
          <Textarea
            label="Failing rows query"
            description="A SELECT over the table `data`; zero rows means the check passes"
            withAsterisk
            autosize
            minRows={2}
            classNames={{ input: "mono" }}
            placeholder="SELECT * FROM data WHERE amount < 0"
            value={value.sql}
            onChange={(e) => onChange({ ...value, sql: e.currentTarget.value })}
            error={fieldError(`${path}.sql`)}
          />
          <TextInput
            label="Description"
            value={value.description ?? ""}
            onChange={(e) => onChange({ ...value, description: e.currentTarget.value || undefined })}
            error={fieldError(`${path}.description`)}
          />
        </>
      )}
      {(value.kind === "all" || value.kind === "any") && (
        <Stack gap="xs">
          {value.of.map((child, i) => (
            <Paper key={i} withBorder p="sm">
              <Group justify="flex-end" mb={-8}>
                <ReorderControls
                  index={i}
                  count={value.of.length}
                  what="check"
                  onMove={(to) => onChange({ ...value, of: moveItem(value.of, i, to) })}
                  onRemove={() => onChange({ ...value, of: value.of.filter((_, j) => j !== i) })}
                />
              </Group>
              <ValidationSpecEditor
                path={`${path}.of.${i}`}
                depth={depth + 1}
                value={child}
                onChange={(next) => onChange({ ...value, of: value.of.map((c, j) => (j === i ? next : c)) })}
              />
            </Paper>
          ))}
          {fieldError(`${path}.of`) && (
            <Text size="xs" c="red">
              {fieldError(`${path}.of`)}
            </Text>
          )}
          <Button
            variant="light"
            size="xs"
            leftSection={<IconPlus size={14} />}
            w="fit-content"
            onClick={() => onChange({ ...value, of: [...value.of, emptySpec("cosmo-ready")] })}
          >
            Add a check
          </Button>
        </Stack>
      )}
    </Stack>
  );
}
