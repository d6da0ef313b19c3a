import { Card, Text, useMantineTheme } from "@mantine/core";
import { useMemo } from "react";
import { EChart, type TEChartOption } from "../components/EChart.tsx";
import type { RouterOutputs } from "../trpc.ts";

type TRow = RouterOutputs["jobs"]["stats"]["recentByWorkflow"][number];

/** Runs per workflow over the last week, stacked by outcome. */
export function WorkflowActivity({ rows }: { rows: TRow[] }) {
  const theme = useMantineTheme();
  const data = useMemo(
    () =>
      rows.slice(0, 8).map((r) => ({
        workflow: r.name.length > 28 ? `${r.name.slice(0, 27)}…` : r.name,
        completed: r.byStatus.completed ?? 0,
        failed: r.byStatus.failed ?? 0,
        other: r.total - (r.byStatus.completed ?? 0) - (r.byStatus.failed ?? 0),
      })),
    [rows],
  );
  const option = useMemo<TEChartOption>(() => {
    const series = (name: string, key: "completed" | "failed" | "other", color: string) => ({
      name,
      type: "bar",
      stack: "runs",
      barMaxWidth: 22,
      itemStyle: { color },
      data: data.map((d) => d[key]),
    });
    return {
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { bottom: 0 },
      grid: { left: 8, right: 16, top: 8, bottom: 32, containLabel: true },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", data: data.map((d) => d.workflow), inverse: true },
      series: [
        series("Completed", "completed", theme.colors.teal[6]),
        series("Failed", "failed", theme.colors.red[6]),
        series("Other", "other", theme.colors.gray[5]),
      ],
    };
  }, [data, theme]);
  return (
    <Card padding="md">
      <Text fw={600} mb="sm">
        Runs per workflow · last 7 days
      </Text>
      <EChart
        option={option}
        height={Math.max(150, 40 * data.length + 60)}
        label={`Runs per workflow: ${data.map((d) => `${d.workflow} ${d.completed} completed, ${d.failed} failed, ${d.other} other`).join("; ")}`}
      />
    </Card>
  );
}
