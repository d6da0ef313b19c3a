import { Alert, Group, Skeleton, Text } from "@mantine/core";
import { VirtualTable } from "../components/VirtualTable.tsx";
import { formatNumber } from "../format.ts";
import { useSampleRows, type TRowSource } from "./useSampleRows.ts";

type TProps = { source: TRowSource; height?: number; label?: string };

/** Rows in a virtualized table that loads more as you scroll. */
export function SamplePanel({ source, height = 460, label = "Rows" }: TProps) {
  const sample = useSampleRows(source);
  if (sample.isPending) return <Skeleton height={height} />;
  if (sample.error)
    return (
      <Alert color="red" title="Could not read rows">
        {sample.error.message}
      </Alert>
    );
  return (
    <>
      <Group justify="space-between" mb="xs">
        <Text size="sm" c="dimmed">
          {formatNumber(sample.rows.length)} of {formatNumber(sample.total)} rows loaded · {sample.columns.length} columns
        </Text>
      </Group>
      <VirtualTable
        label={label}
        columns={sample.columns}
        rows={sample.rows}
        total={sample.total}
        onNeedMore={sample.loadMore}
        height={height}
      />
    </>
  );
}
