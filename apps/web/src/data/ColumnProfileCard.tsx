import { Badge, Card, Group, Progress, SimpleGrid, Stack, Text, Tooltip, useMantineTheme } from "@mantine/core";
import { useMemo } from "react";
import { EChart, type TEChartOption } from "../components/EChart.tsx";
import { formatNumber, formatStat, valueText } from "../format.ts";
import type { RouterOutputs } from "../trpc.ts";

export type TColumnProfile = RouterOutputs["data"]["profile"]["columns"][number];

const KIND_COLORS: Record<string, string> = {
  integer: "blue",
  number: "cyan",
  string: "grape",
  boolean: "orange",
  date: "teal",
  timestamp: "teal",
  other: "gray",
};

function show(value: unknown): string {
  if (value === null || value === undefined) return "—";
  if (typeof value === "number") return formatStat(value);
  return valueText(value);
}

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <Text size="10px" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="sm" fw={500} truncate title={value}>
        {value}
      </Text>
    </div>
  );
}

/** One column at a glance: type, completeness, spread, and its histogram or most frequent values. */
export function ColumnProfileCard({ column, rowCount }: { column: TColumnProfile; rowCount: number }) {
  const nullPct = Math.round(column.nullFraction * 1000) / 10;
  const filled = rowCount - column.nullCount;
  const histogram =
    column.histogram?.map((b) => ({
      bin: formatNumber(b.start, 2),
      count: b.count,
      range: `${formatNumber(b.start, 3)} – ${formatNumber(b.end, 3)}`,
    })) ?? null;
  const topMax = Math.max(1, ...column.topValues.map((t) => t.count));
  const numeric = column.mean !== null || column.quantiles !== null;
  return (
    <Card padding="md" data-testid="column-profile" component="section" aria-label={`Column ${column.name}`}>
      <Group justify="space-between" wrap="nowrap" mb="xs">
        <Text fw={600} className="mono" size="sm" truncate title={column.name}>
          {column.name}
        </Text>
        <Tooltip label={column.type}>
          <Badge variant="light" color={KIND_COLORS[column.kind] ?? "gray"} size="sm">
            {column.kind}
          </Badge>
        </Tooltip>
      </Group>
      <SimpleGrid cols={3} spacing={4} mb="xs">
        <Stat label="Nulls" value={`${formatNumber(column.nullCount)} (${nullPct}%)`} />
        <Stat label="Distinct" value={`${column.distinctExact ? "" : "≈ "}${formatNumber(column.distinctCount)}`} />
        {/* Distinct values per non-null value: 100% means no value repeats. */}
        <Stat label="Unique" value={filled ? `${Math.min(100, Math.round((column.distinctCount / filled) * 100))}%` : "—"} />
      </SimpleGrid>
      <Progress.Root size="xs" mb="sm">
        <Progress.Section value={100 - nullPct} color="teal" aria-label={`${column.name}: ${100 - nullPct}% filled`} />
        <Progress.Section value={nullPct} color="red.3" aria-label={`${column.name}: ${nullPct}% missing`} />
      </Progress.Root>
      {numeric ? (
        <>
          <SimpleGrid cols={3} spacing={4} mb={4}>
            <Stat label="Min" value={show(column.min)} />
            <Stat label="Median" value={show(column.quantiles?.p50)} />
            <Stat label="Max" value={show(column.max)} />
            <Stat label="Mean" value={show(column.mean)} />
            <Stat label="Std dev" value={show(column.std)} />
          </SimpleGrid>
          {column.quantiles && (
            <Text size="xs" c="dimmed" mb="xs">
              Middle 50%: {show(column.quantiles.p25)} – {show(column.quantiles.p75)}
            </Text>
          )}
        </>
      ) : (
        <SimpleGrid cols={2} spacing={4} mb="xs">
          <Stat label="Min" value={show(column.min)} />
          <Stat label="Max" value={show(column.max)} />
        </SimpleGrid>
      )}
      {histogram && histogram.length > 0 ? (
        <>
          <Histogram name={column.name} bins={histogram} />
          <Group justify="space-between" mt={2}>
            <Text size="10px" c="dimmed">
              {show(column.histogram?.[0]?.start)}
            </Text>
            <Text size="10px" c="dimmed">
              {show(column.histogram?.at(-1)?.end)}
            </Text>
          </Group>
        </>
      ) : (
        <Stack gap={4} role="group" aria-label={`Most frequent values of ${column.name}`}>
          {column.topValues.slice(0, 5).map((t, i) => (
            <Tooltip key={i} label={`${show(t.value)}: ${formatNumber(t.count)} rows`} openDelay={400}>
              <div>
                <Group justify="space-between" gap={4} wrap="nowrap">
                  <Text size="xs" truncate>
                    {t.value === null ? <i>null</i> : show(t.value)}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {formatNumber(t.count)}
                  </Text>
                </Group>
                <Progress
                  value={(t.count / topMax) * 100}
                  size={4}
                  color="grape.4"
                  aria-label={`${show(t.value)}: ${formatNumber(t.count)} rows`}
                />
              </div>
            </Tooltip>
          ))}
        </Stack>
      )}
    </Card>
  );
}

/** The bins of a numeric column as bars, with each bin's range in the tooltip. */
function Histogram({ name, bins }: { name: string; bins: { bin: string; count: number; range: string }[] }) {
  const theme = useMantineTheme();
  const option = useMemo<TEChartOption>(
    () => ({
      grid: { left: 0, right: 0, top: 4, bottom: 0 },
      tooltip: {
        trigger: "axis",
        formatter: (items: { dataIndex: number }[]) =>
          `${bins[items[0]?.dataIndex ?? 0]?.range ?? ""}: ${formatNumber(bins[items[0]?.dataIndex ?? 0]?.count ?? 0)} rows`,
      },
      xAxis: { type: "category", data: bins.map((b) => b.bin), show: false },
      yAxis: { type: "value", show: false },
      series: [
        {
          type: "bar",
          data: bins.map((b) => b.count),
          itemStyle: { color: theme.colors.indigo[5], borderRadius: 2 },
          barCategoryGap: "10%",
        },
      ],
    }),
    [bins, theme],
  );
  return <EChart option={option} height={110} label={`Histogram of ${name}: ${bins.map((b) => `${b.range}: ${b.count}`).join("; ")}`} />;
}
