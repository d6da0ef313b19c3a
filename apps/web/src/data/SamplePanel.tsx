import { Alert, Group, Skeleton, Text } from "@mantine/core";
import { VirtualTable } from "../components/VirtualTable.tsx";
import { formatNumber } from "../format.ts";
import { useSampleRows } from "./useSampleRows.ts";

/** The dataset's rows in a virtualized table that loads more as you scroll. */
export function SamplePanel({ id, height = 460 }: { id: string; height?: number }) {
  const sample = useSampleRows(id);
  if (sample.isPending) return <Skeleton height={height} />;
  if (sample.error) return <Alert color="red" title="Could not read rows">{sample.error.message}</Alert>;
  return (
    <>
      <Group justify="space-between" mb="xs">
        <Text size="sm" c="dimmed">
          {formatNumber(sample.rows.length)} of {formatNumber(sample.total)} rows loaded · {sample.columns.length} columns
        </Text>
      </Group>
      <VirtualTable label="Rows" columns={sample.columns} rows={sample.rows} total={sample.total} onNeedMore={sample.loadMore} height={height} />
    </>
  );
}
