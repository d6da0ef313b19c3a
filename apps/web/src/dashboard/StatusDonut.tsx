import type { TJobStatus } from "@aw/core/schemas";
import { DonutChart } from "@mantine/charts";
// Chart styles travel with the charts, so pages without one do not load them.
import "@mantine/charts/styles.css";
import { Card, Group, Stack, Text } from "@mantine/core";
import { IconCircleFilled } from "@tabler/icons-react";
import { STATUS_META } from "../jobs/status.ts";

const SHADES: Record<string, string> = {
  gray: "gray.5",
  blue: "blue.5",
  indigo: "indigo.6",
  yellow: "yellow.5",
  teal: "teal.6",
  red: "red.6",
  orange: "orange.6",
};

/** Jobs by status as a donut with a readable legend. */
export function StatusDonut({ counts, total }: { counts: Partial<Record<TJobStatus, number>>; total: number }) {
  const data = (Object.entries(counts) as [TJobStatus, number][])
    .filter(([, n]) => n > 0)
    .map(([status, value]) => ({ name: STATUS_META[status].label, value, color: SHADES[STATUS_META[status].color] ?? "gray.5" }));
  return (
    <Card padding="md">
      <Text fw={600} mb="sm">
        Jobs by status
      </Text>
      {data.length === 0 ? (
        <Text size="sm" c="dimmed">
          No jobs yet.
        </Text>
      ) : (
        <Group wrap="nowrap" gap="lg" align="center">
          <div role="img" aria-label={`Jobs by status: ${data.map((d) => `${d.name} ${d.value}`).join(", ")}`}>
            <DonutChart
              data={data}
              size={140}
              thickness={20}
              paddingAngle={data.length > 1 ? 2 : 0}
              strokeWidth={data.length > 1 ? 1 : 0}
              chartLabel={total}
              withTooltip
              tooltipDataSource="segment"
            />
          </div>
          <Stack gap={6}>
            {data.map((d) => (
              <Group key={d.name} gap={6} wrap="nowrap">
                <IconCircleFilled size={10} color={`var(--mantine-color-${d.color.replace(".", "-")})`} />
                <Text size="sm">{d.name}</Text>
                <Text size="sm" c="dimmed">
                  {d.value}
                </Text>
              </Group>
            ))}
          </Stack>
        </Group>
      )}
    </Card>
  );
}
