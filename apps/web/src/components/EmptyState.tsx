import { Stack, Text, ThemeIcon, Title } from "@mantine/core";
import type { ReactNode } from "react";

type TProps = { icon: ReactNode; title: string; description?: ReactNode; action?: ReactNode };

/** What a screen shows when there is nothing yet, with the one action that fixes it. */
export function EmptyState({ icon, title, description, action }: TProps) {
  return (
    <Stack align="center" gap="xs" py={48} px="md" ta="center">
      <ThemeIcon size={56} radius="xl" variant="light">
        {icon}
      </ThemeIcon>
      <Title order={4} mt="xs">
        {title}
      </Title>
      {description && (
        <Text c="dimmed" size="sm" maw={420}>
          {description}
        </Text>
      )}
      {action}
    </Stack>
  );
}
