import { Badge, Group, Popover, Stack, Text, UnstyledButton } from "@mantine/core";
import { IconCircleFilled } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { trpc } from "../trpc.ts";
import { markReachable, markUnreachable, useServerReachable } from "./connection.ts";

/** A dot in the header: green when the database, storage and queue answer; details on click. */
export function HealthIndicator() {
  const reachable = useServerReachable();
  const queryClient = useQueryClient();
  const health = trpc.health.check.useQuery(undefined, {
    // Every 15 s normally; every 2 s while the server is away, to notice its return quickly.
    refetchInterval: reachable ? 15_000 : 2_000,
    retry: false,
    meta: { silent: true },
  });
  const down = health.isError || !reachable;
  useEffect(() => {
    if (health.isError) markUnreachable();
  }, [health.isError, health.errorUpdatedAt]);
  useEffect(() => {
    if (health.isSuccess && !reachable) {
      markReachable();
      // Back: everything on screen is refreshed.
      void queryClient.invalidateQueries();
    }
  }, [health.isSuccess, health.dataUpdatedAt, reachable, queryClient]);
  const ok = !down && health.data?.ok === true;
  const label = health.isPending ? "Checking…" : down ? "Server unreachable" : ok ? "All systems normal" : "Degraded";
  const color = health.isPending ? "gray" : ok ? "teal" : "red";
  const components = health.data ? Object.entries(health.data).filter(([, v]) => typeof v === "object" && v !== null && "ok" in v) : [];
  return (
    <Popover position="bottom-end" shadow="md" width={300}>
      <Popover.Target>
        <UnstyledButton aria-label={`System health: ${label}`} data-testid="health-indicator">
          <Badge variant="light" color={color} size="lg" leftSection={<IconCircleFilled size={8} />} style={{ textTransform: "none" }}>
            <Text span inherit visibleFrom="sm">
              {label}
            </Text>
          </Badge>
        </UnstyledButton>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs">
          <Text fw={600} size="sm">
            System health{" "}
            {health.data ? (
              <Text span c="dimmed" size="xs">
                v{health.data.version}
              </Text>
            ) : null}
          </Text>
          {health.isError && (
            <Text size="sm" c="red">
              {health.error.message}
            </Text>
          )}
          {components.map(([name, value]) => {
            const component = value as { ok: boolean; detail: string };
            return (
              <Group key={name} justify="space-between" wrap="nowrap" gap="xs">
                <Group gap={6} wrap="nowrap">
                  <IconCircleFilled size={8} color={component.ok ? "var(--mantine-color-teal-6)" : "var(--mantine-color-red-6)"} />
                  <Text size="sm" tt="capitalize">
                    {name}
                  </Text>
                </Group>
                <Text size="xs" c="dimmed" truncate maw={170} title={component.detail}>
                  {component.detail}
                </Text>
              </Group>
            );
          })}
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
