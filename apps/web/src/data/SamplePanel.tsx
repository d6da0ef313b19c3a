import type { TRowViewInput } from "@aw/core/schemas";
import { Alert, Group, Select, Skeleton, Text, TextInput } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useMemo, useState } from "react";
import { VirtualTable } from "../components/VirtualTable.tsx";
import { formatNumber } from "../format.ts";
import { useSampleRows, type TRowSource } from "./useSampleRows.ts";

type TProps = { source: TRowSource; height?: number; label?: string };
type TSort = { column: string; desc: boolean };
type TFilter = { column: string | null; op: "contains" | "equals" | "gt" | "lt" | "is_null" | "not_null"; value: string };

const FILTER_OPS = [
  { value: "contains", label: "contains" },
  { value: "equals", label: "equals" },
  { value: "gt", label: "greater than" },
  { value: "lt", label: "less than" },
  { value: "is_null", label: "is empty" },
  { value: "not_null", label: "is not empty" },
];

/** Rows in a virtualized table over the whole table: scroll or jump anywhere, pages load as they come into view. */
export function SamplePanel({ source, height = 460, label = "Rows" }: TProps) {
  const [sort, setSort] = useState<TSort | null>(null);
  const [filter, setFilter] = useState<TFilter>({ column: null, op: "contains", value: "" });
  const [debounced] = useDebouncedValue(filter, 300);
  const view = useMemo<TRowViewInput>(
    () => ({
      sort: sort ? [sort] : [],
      filters:
        debounced.column && (debounced.value !== "" || debounced.op === "is_null" || debounced.op === "not_null")
          ? [{ column: debounced.column, op: debounced.op, value: debounced.value || undefined }]
          : [],
    }),
    [sort, debounced],
  );
  const sample = useSampleRows(source, view);
  if (sample.isPending) return <Skeleton height={height} />;
  if (sample.error)
    return (
      <Alert color="red" title="Could not read rows">
        {sample.error.message}
      </Alert>
    );
  // Header clicks cycle a column through ascending, descending and the table's own order.
  const onSort = (column: string) =>
    setSort((s) => (s?.column !== column ? { column, desc: false } : s.desc ? null : { column, desc: true }));
  return (
    <>
      <Group justify="space-between" mb="xs" wrap="wrap" gap="xs">
        <Text size="sm" c="dimmed" data-testid="rows-summary">
          {formatNumber(sample.total)} rows{view.filters?.length ? " match" : ""} · {sample.columns.length} columns
        </Text>
        <Group gap={6} wrap="nowrap">
          <Select
            size="xs"
            w={150}
            aria-label="Filter column"
            placeholder="Filter column"
            clearable
            data={sample.columns.map((c) => c.name)}
            value={filter.column}
            onChange={(column) => setFilter((f) => ({ ...f, column }))}
          />
          <Select
            size="xs"
            w={120}
            aria-label="Filter condition"
            allowDeselect={false}
            data={FILTER_OPS}
            value={filter.op}
            onChange={(op) => op && setFilter((f) => ({ ...f, op: op as TFilter["op"] }))}
          />
          <TextInput
            size="xs"
            w={150}
            aria-label="Filter value"
            placeholder="Value"
            disabled={filter.op === "is_null" || filter.op === "not_null"}
            value={filter.value}
            onChange={(e) => {
              const value = e.currentTarget.value;
              setFilter((f) => ({ ...f, value }));
            }}
          />
        </Group>
      </Group>
      <VirtualTable
        label={label}
        columns={sample.columns}
        count={sample.total}
        rowAt={sample.rowAt}
        onVisibleRange={sample.onVisibleRange}
        sort={sort}
        onSort={onSort}
        height={height}
      />
    </>
  );
}
