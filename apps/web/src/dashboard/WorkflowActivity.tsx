import { BarChart } from "@mantine/charts";
// Chart styles travel with the charts, so pages without one do not load them.
import "@mantine/charts/styles.css";
import { Card, Text } from "@mantine/core";
import type { RouterOutputs } from "../trpc.ts";

type TRow = RouterOutputs["jobs"]["stats"]["recentByWorkflow"][number];

/** Runs per workflow over the last week, stacked by outcome. */
export function WorkflowActivity({ rows }: { rows: TRow[] }) {
  const data = rows.slice(0, 8).map((r) => ({
    workflow: r.name.length > 28 ? `${r.name.slice(0, 27)}…` : r.name,
    completed: r.byStatus.completed ?? 0,
    failed: r.byStatus.failed ?? 0,
    other: r.total - (r.byStatus.completed ?? 0) - (r.byStatus.failed ?? 0),
  }));
  return (
    <Card padding="md">
      <Text fw={600} mb="sm">
        Runs per workflow · last 7 days
      </Text>
      <BarChart
        h={Math.max(150, 40 * data.length + 60)}
        data={data}
        dataKey="workflow"
        type="stacked"
        orientation="vertical"
        yAxisProps={{ width: 180 }}
        xAxisProps={{ allowDecimals: false }}
        series={[
          { name: "completed", color: "teal.6", label: "Completed" },
          { name: "failed", color: "red.6", label: "Failed" },
          { name: "other", color: "gray.4", label: "Other" },
        ]}
        withLegend
        gridAxis="x"
        maxBarWidth={22}
        aria-label="Runs per workflow"
      />
    </Card>
  );
}
