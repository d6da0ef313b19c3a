import type { TStepInput } from "@aw/core/schemas";
import { Badge, Card, Group, Text, Timeline, UnstyledButton } from "@mantine/core";
import { IconHandStop } from "@tabler/icons-react";
import { countErrorsUnder, type TFieldErrors } from "./definition-errors.ts";
import { STEP_LABELS } from "./draft.ts";

export const stepAnchor = (index: number) => `step-${index + 1}`;

/** The workflow at a glance; each entry jumps to its step. */
export function PipelineOverview({ steps, errors }: { steps: TStepInput[]; errors: TFieldErrors }) {
  return (
    <Card padding="md">
      <Text fw={600} size="sm" mb="sm">
        Pipeline
      </Text>
      {steps.length === 0 ? (
        <Text size="sm" c="dimmed">
          No steps yet.
        </Text>
      ) : (
        <Timeline bulletSize={22} lineWidth={2} active={steps.length}>
          {steps.map((step, i) => {
            const problems = countErrorsUnder(errors, `steps.${i}`);
            return (
              <Timeline.Item
                key={i}
                color={problems ? "red" : STEP_LABELS[step.type].color}
                bullet={
                  <Text size="xs" fw={700}>
                    {i + 1}
                  </Text>
                }
              >
                <UnstyledButton
                  onClick={() => document.getElementById(stepAnchor(i))?.scrollIntoView({ behavior: "smooth", block: "start" })}
                  title={`Go to step ${i + 1}`}
                >
                  <Text size="sm" fw={500} lineClamp={1}>
                    {step.name || "Unnamed step"}
                  </Text>
                  <Group gap={4} mt={2}>
                    <Text size="xs" c="dimmed">
                      {STEP_LABELS[step.type].title}
                    </Text>
                    {step.requireApproval && <IconHandStop size={12} color="var(--mantine-color-yellow-6)" aria-label="needs approval" />}
                    {problems > 0 && (
                      <Badge size="xs" color="red" variant="light">
                        {problems} to fix
                      </Badge>
                    )}
                  </Group>
                </UnstyledButton>
              </Timeline.Item>
            );
          })}
        </Timeline>
      )}
    </Card>
  );
}
