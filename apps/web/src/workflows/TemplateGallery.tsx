import { Badge, Card, Group, SimpleGrid, Skeleton, Text, UnstyledButton, VisuallyHidden } from "@mantine/core";
import { IconHandStop } from "@tabler/icons-react";
import { type RouterOutputs, trpc } from "../trpc.ts";
import { STEP_LABELS } from "./draft.ts";

export type TTemplate = RouterOutputs["workflows"]["templates"][number];

/** Starter workflows from the server; picking one replaces the draft. */
export function TemplateGallery({ onPick }: { onPick: (template: TTemplate) => void }) {
  const templates = trpc.workflows.templates.useQuery();
  if (templates.isPending) {
    return (
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
        {[0, 1, 2].map((i) => (
          <Skeleton key={i} height={110} />
        ))}
      </SimpleGrid>
    );
  }
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm">
      {(templates.data ?? []).map((template) => {
        const needsApproval = template.definition.steps.some((s) => s.requireApproval);
        return (
          <UnstyledButton key={template.id} onClick={() => onPick(template)} data-testid="template-card">
            <Card h="100%" padding="md" className="clickable-row">
              <Group justify="space-between" wrap="nowrap" mb={4}>
                <Text fw={600} size="sm">
                  <VisuallyHidden>Use template </VisuallyHidden>
                  {template.name}
                </Text>
                {needsApproval && (
                  <Badge size="xs" color="yellow" variant="light" leftSection={<IconHandStop size={10} />}>
                    approval
                  </Badge>
                )}
              </Group>
              <Text size="xs" c="dimmed" lineClamp={2} mb="xs">
                {template.description}
              </Text>
              <Group gap={4}>
                {template.definition.steps.map((s, i) => (
                  <Badge key={i} size="xs" variant="light" color={STEP_LABELS[s.type].color}>
                    {STEP_LABELS[s.type].title}
                  </Badge>
                ))}
              </Group>
            </Card>
          </UnstyledButton>
        );
      })}
    </SimpleGrid>
  );
}
