import type { TStepInput } from "@aw/core/schemas";
import {
  ActionIcon,
  Badge,
  Card,
  Collapse,
  Divider,
  Group,
  NumberInput,
  Stack,
  Switch,
  Text,
  TextInput,
  ThemeIcon,
  Tooltip,
} from "@mantine/core";
import { IconChevronDown, IconChevronRight, IconHandStop } from "@tabler/icons-react";
import { useState } from "react";
import { useFieldErrors } from "./builder-context.ts";
import { STEP_LABELS } from "./draft.ts";
import { stepAnchor } from "./PipelineOverview.tsx";
import { ReorderControls } from "./ReorderControls.tsx";
import { StepConfigForm } from "./steps/StepConfigForm.tsx";

type TProps = {
  index: number;
  count: number;
  step: TStepInput;
  errorCount: number;
  onChange: (step: TStepInput) => void;
  onMove: (to: number) => void;
  onRemove: () => void;
};

/** One step of the builder: its common settings in the header, its typed config below. */
export function StepCard({ index, count, step, errorCount, onChange, onMove, onRemove }: TProps) {
  const [open, setOpen] = useState(true);
  const fieldError = useFieldErrors();
  const path = `steps.${index}`;
  const meta = STEP_LABELS[step.type];
  return (
    <Card
      padding="md"
      id={stepAnchor(index)}
      data-testid="step-card"
      data-step-type={step.type}
      aria-label={`Step ${index + 1}: ${step.name || meta.title}`}
      component="section"
      style={{ scrollMarginTop: 72, ...(errorCount > 0 ? { borderColor: "var(--mantine-color-red-5)" } : {}) }}
    >
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <Group gap="sm" wrap="nowrap" align="flex-start" style={{ flex: 1, minWidth: 0 }}>
          <ActionIcon
            variant="subtle"
            color="gray"
            mt={4}
            onClick={() => setOpen((o) => !o)}
            aria-expanded={open}
            aria-label={`${open ? "Collapse" : "Expand"} step ${index + 1}`}
          >
            {open ? <IconChevronDown size={16} /> : <IconChevronRight size={16} />}
          </ActionIcon>
          <ThemeIcon variant="light" color={meta.color} radius="xl" size="lg" mt={2}>
            <Text fw={700} size="sm">
              {index + 1}
            </Text>
          </ThemeIcon>
          <Stack gap={4} style={{ flex: 1, minWidth: 0 }}>
            <Group gap="xs" wrap="nowrap">
              <Badge color={meta.color} variant="light">
                {meta.title}
              </Badge>
              {step.requireApproval && (
                <Badge color="yellow" variant="light" leftSection={<IconHandStop size={12} />}>
                  Approval
                </Badge>
              )}
              {errorCount > 0 && (
                <Badge color="red" variant="filled">
                  {errorCount} {errorCount === 1 ? "problem" : "problems"}
                </Badge>
              )}
            </Group>
            <TextInput
              aria-label={`Step ${index + 1} name`}
              placeholder="Step name"
              value={step.name}
              onChange={(e) => onChange({ ...step, name: e.currentTarget.value })}
              error={fieldError(`${path}.name`)}
              variant="unstyled"
              size="md"
              styles={{ input: { fontWeight: 600 } }}
            />
            {!open && (
              <Text size="xs" c="dimmed" truncate>
                {meta.description}
              </Text>
            )}
          </Stack>
        </Group>
        <ReorderControls index={index} count={count} what="step" onMove={onMove} onRemove={onRemove} />
      </Group>
      <Collapse expanded={open}>
        <Divider my="sm" />
        <Stack gap="md">
          <Text size="xs" c="dimmed">
            {meta.description}
          </Text>
          <StepConfigForm path={path} step={step} onChange={onChange} />
          <Group gap="xl" align="flex-end">
            <Tooltip label="The job pauses after this step and shows a preview until someone approves or rejects" multiline w={260}>
              <Switch
                label="Require approval"
                checked={step.requireApproval ?? false}
                onChange={(e) => onChange({ ...step, requireApproval: e.currentTarget.checked })}
              />
            </Tooltip>
            <NumberInput
              label="Max retries"
              placeholder="Workflow default"
              min={0}
              max={10}
              w={160}
              size="xs"
              value={step.maxRetries ?? ""}
              onChange={(v) => onChange({ ...step, maxRetries: typeof v === "number" ? v : undefined })}
              error={fieldError(`${path}.maxRetries`)}
            />
          </Group>
        </Stack>
      </Collapse>
    </Card>
  );
}
