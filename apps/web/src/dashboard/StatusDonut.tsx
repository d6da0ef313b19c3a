import type { TJobStatus } from "@aw/core/schemas";
import { Card, Group, Stack, Text, useMantineTheme } from "@mantine/core";
import { IconCircleFilled } from "@tabler/icons-react";
import { useMemo } from "react";
import { EChart, type TEChartOption } from "../components/EChart.tsx";
import { STATUS_META } from "../jobs/status.ts";

/** Jobs by status as a donut with a readable legend. */
export function StatusDonut({ counts, total }: { counts: Partial<Record<TJobStatus, number>>; total: number }) {
  const theme = useMantineTheme();
  const data = useMemo(
    () =>
      (Object.entries(counts) as [TJobStatus, number][])
        .filter(([, n]) => n > 0)
        .map(([status, value]) => ({
          name: STATUS_META[status].label,
          value,
          color: theme.colors[STATUS_META[status].color]?.[6] ?? "#868e96",
        })),
    [counts, theme],
  );
  const option = useMemo<TEChartOption>(
    () => ({
      tooltip: { trigger: "item", formatter: "{b}: {c}" },
      title: { text: String(total), left: "center", top: "center", textStyle: { fontSize: 18, fontWeight: 700 } },
      series: [
        {
          type: "pie",
          radius: ["58%", "85%"],
          padAngle: data.length > 1 ? 2 : 0,
          label: { show: false },
          data: data.map((d) => ({ name: d.name, value: d.value, itemStyle: { color: d.color } })),
        },
      ],
    }),
    [data, total],
  );
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
          <div style={{ width: 140, flexShrink: 0 }}>
            <EChart option={option} height={140} label={`Jobs by status: ${data.map((d) => `${d.name} ${d.value}`).join(", ")}`} />
          </div>
          <Stack gap={6}>
            {data.map((d) => (
              <Group key={d.name} gap={6} wrap="nowrap">
                <IconCircleFilled size={10} color={d.color} />
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
