import { Card, Group, Skeleton, Text, ThemeIcon } from "@mantine/core";
import type { ReactNode } from "react";

type TProps = { label: string; value: ReactNode; icon?: ReactNode; color?: string; hint?: ReactNode; loading?: boolean };

/** One headline number. */
export function StatCard({ label, value, icon, color = "indigo", hint, loading }: TProps) {
  return (
    <Card padding="md" h="100%">
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <div style={{ minWidth: 0 }}>
          <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
            {label}
          </Text>
          {loading ? (
            <Skeleton height={28} width={80} mt={6} />
          ) : (
            <Text fw={700} size="xl" mt={4}>
              {value}
            </Text>
          )}
          {hint && (
            <Text size="xs" c="dimmed" mt={2}>
              {hint}
            </Text>
          )}
        </div>
        {icon && (
          <ThemeIcon variant="light" color={color} size={38} radius="md">
            {icon}
          </ThemeIcon>
        )}
      </Group>
    </Card>
  );
}
