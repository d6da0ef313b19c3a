import type { TCosmoMapping } from "@aw/core/schemas";
import { Alert, Badge, Group, Skeleton, Text } from "@mantine/core";
import { useMemo } from "react";
import { formatNumber } from "../format.ts";
import { trpc } from "../trpc.ts";
import { EChart } from "./EChart.tsx";
import { linksOption, pointsOption } from "./cosmo-option.ts";

const PREVIEW_ROWS = 5000;

const LABELS: [keyof TCosmoMapping, string][] = [
  ["pointsXBy", "x"],
  ["pointsYBy", "y"],
  ["pointColorBy", "colour"],
  ["pointSizeBy", "size"],
  ["pointLabelBy", "label"],
  ["pointIdBy", "id"],
  ["linkSourceBy", "source"],
  ["linkTargetBy", "target"],
];

/** What Cosmograph would draw: the points (or the links) of the prepared table, by the chosen mapping. */
export function CosmoPreview({ artifactId, mapping }: { artifactId: string; mapping: TCosmoMapping }) {
  const sample = trpc.data.sample.useQuery({ id: artifactId, limit: PREVIEW_ROWS, offset: 0 }, { staleTime: Infinity, meta: { silent: true } });
  const option = useMemo(() => (sample.data ? (pointsOption(sample.data.rows, mapping) ?? linksOption(sample.data.rows, mapping)) : null), [sample.data, mapping]);
  return (
    <div data-testid="cosmo-preview">
      <Group gap={6} mb="sm">
        {LABELS.filter(([key]) => mapping[key]).map(([key, label]) => (
          <Badge key={key} variant="light" color="violet" style={{ textTransform: "none" }}>
            {label}: {mapping[key]}
          </Badge>
        ))}
      </Group>
      {sample.isPending ? (
        <Skeleton height={420} />
      ) : sample.isError ? (
        <Alert color="red" title="Could not read the result's rows">
          {sample.error.message}
        </Alert>
      ) : option ? (
        <>
          <EChart option={option} label="Cosmograph preview" />
          <Text size="xs" c="dimmed" mt={4}>
            {sample.data && sample.data.total > PREVIEW_ROWS ? `First ${formatNumber(PREVIEW_ROWS)} of ${formatNumber(sample.data.total)} rows` : `${formatNumber(sample.data?.total ?? 0)} rows`} · scroll to zoom
          </Text>
        </>
      ) : (
        <Text c="dimmed" size="sm">
          The mapping names no point positions or link endpoints to draw.
        </Text>
      )}
    </div>
  );
}
