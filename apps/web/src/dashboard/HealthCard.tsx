import { Card, Group, Stack, Text, ThemeIcon } from "@mantine/core";
import { IconCheck, IconX } from "@tabler/icons-react";
import { trpc } from "../trpc.ts";

/** Each backing service with what it reported. */
export function HealthCard() {
  const health = trpc.health.check.useQuery(undefined, { refetchInterval: 15_000, retry: false, meta: { silent: true } });
  const components = health.data
    ? Object.entries(health.data).filter(
        (e): e is [string, { ok: boolean; detail: string }] => typeof e[1] === "object" && e[1] !== null && "ok" in e[1],
      )
    : [];
  return (
    <Card padding="md">
      <Group justify="space-between" mb="sm">
        <Text fw={600}>System health</Text>
        {health.data && (
          <Text size="xs" c="dimmed">
            v{health.data.version}
          </Text>
        )}
      </Group>
      {health.isError && (
        <Text size="sm" c="red">
          {health.error.message}
        </Text>
      )}
      <Stack gap="xs" data-testid="health-card">
        {components.map(([name, c]) => (
          <Group key={name} wrap="nowrap" gap="sm">
            <ThemeIcon size="sm" radius="xl" color={c.ok ? "teal" : "red"} variant="light">
              {c.ok ? <IconCheck size={12} /> : <IconX size={12} />}
            </ThemeIcon>
            <Text size="sm" tt="capitalize" w={80}>
              {name}
            </Text>
            <Text size="sm" c="dimmed" truncate title={c.detail}>
              {c.detail}
            </Text>
          </Group>
        ))}
      </Stack>
    </Card>
  );
}
