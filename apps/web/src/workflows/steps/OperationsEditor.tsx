import { Badge, Button, Group, Menu, Paper, Stack, Text, TextInput } from "@mantine/core";
import { IconPlus } from "@tabler/icons-react";
import { useFieldErrors } from "../builder-context.ts";
import { moveItem } from "../draft.ts";
import { ReorderControls } from "../ReorderControls.tsx";
import { OperationFields } from "./OperationFields.tsx";
import { newOperation, OPERATION_LABELS, type TOperationInput, type TOpKind } from "./operation-kinds.ts";

type TProps = { path: string; value: TOperationInput[]; onChange: (value: TOperationInput[]) => void };

/** The ordered operations of a custom preparation plan. */
export function OperationsEditor({ path, value, onChange }: TProps) {
  const fieldError = useFieldErrors();
  const listError = fieldError(path);
  const replace = (i: number, next: TOperationInput) => onChange(value.map((op, j) => (j === i ? next : op)));
  return (
    <Stack gap="xs">
      <Text size="sm" fw={500}>
        Operations
      </Text>
      {value.length === 0 && (
        <Text size="sm" c={listError ? "red" : "dimmed"} data-testid="operations-empty">
          {listError ?? "No operations yet: add the first one."}
        </Text>
      )}
      {value.map((operation, i) => (
        <Paper key={i} withBorder p="sm" bg="var(--mantine-color-default-hover)">
          <Group justify="space-between" mb="xs" wrap="nowrap">
            <Group gap="xs">
              <Badge variant="default" radius="sm">
                {i + 1}
              </Badge>
              <Text size="sm" fw={500}>
                {OPERATION_LABELS[operation.op]}
              </Text>
            </Group>
            <ReorderControls
              index={i}
              count={value.length}
              what="operation"
              onMove={(to) => onChange(moveItem(value, i, to))}
              onRemove={() => onChange(value.filter((_, j) => j !== i))}
            />
          </Group>
          <OperationFields path={`${path}.${i}`} value={operation} onChange={(next) => replace(i, next)} />
          <TextInput
            mt="xs"
            label="Reason"
            description="Optional; the change ledger reports what this operation did under it"
            placeholder="Why this operation runs"
            value={operation.reason ?? ""}
            onChange={(e) => replace(i, { ...operation, reason: e.currentTarget.value || undefined })}
            error={fieldError(`${path}.${i}.reason`)}
          />
        </Paper>
      ))}
      <Menu position="bottom-start" withinPortal>
        <Menu.Target>
          <Button variant="light" size="xs" leftSection={<IconPlus size={14} />} w="fit-content">
            Add operation
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          {(Object.keys(OPERATION_LABELS) as TOpKind[]).map((kind) => (
            <Menu.Item key={kind} onClick={() => onChange([...value, newOperation(kind)])}>
              {OPERATION_LABELS[kind]}
            </Menu.Item>
          ))}
        </Menu.Dropdown>
      </Menu>
    </Stack>
  );
}
