import { Box, Button, Group, NumberInput, Text, UnstyledButton, VisuallyHidden } from "@mantine/core";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useRef, useState } from "react";
import { useColumnWidths } from "./useColumnWidths.ts";
import classes from "./VirtualTable.module.css";
import { valueText } from "../format.ts";

export type TTableColumn = { name: string; type?: string };

type TProps = {
  columns: TTableColumn[];
  /** Rows in the whole table; the scrollbar spans all of them. */
  count: number;
  /** The row at a position, or undefined while its page is on its way (a placeholder shows). */
  rowAt: (index: number) => Record<string, unknown> | undefined;
  /** Told which rows are in view (with overscan), so their pages can be fetched. */
  onVisibleRange?: (start: number, end: number) => void;
  /** The column the rows are ordered by; with `onSort`, headers are buttons that change it. */
  sort?: { column: string; desc: boolean } | null;
  onSort?: (column: string) => void;
  height?: number;
  label: string;
};

const ROW_HEIGHT = 34;
const NUMERIC = /INT|DOUBLE|FLOAT|DECIMAL|REAL|NUMERIC|HUGEINT/i;

function columnWidth(column: TTableColumn): number {
  if (column.type && NUMERIC.test(column.type)) return Math.max(110, Math.min(200, column.name.length * 9 + 40));
  return Math.max(140, Math.min(280, column.name.length * 9 + 60));
}

function renderCell(value: unknown) {
  if (value === null || value === undefined) return <span className={classes.null}>null</span>;
  return valueText(value);
}

/** Any number of rows in a fixed-height box: only the visible ones are in the DOM; "Go to row" jumps anywhere. */
export function VirtualTable({ columns, count, rowAt, onVisibleRange, sort, onSort, height = 420, label }: TProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  // The React Compiler is not used here, so its skipping this component changes nothing.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const firstIndex = items[0]?.index ?? 0;
  const lastIndex = items.at(-1)?.index ?? 0;
  const { widths, handleProps } = useColumnWidths();
  // Columns keep a readable minimum and share any spare width, so narrow tables still fill the box;
  // a column the user resized keeps exactly the width they gave it.
  const template = `64px ${columns.map((c) => (widths[c.name] ? `${widths[c.name]}px` : `minmax(${columnWidth(c)}px, 1fr)`)).join(" ")}`;
  const width = `max(100%, ${64 + columns.reduce((sum, c) => sum + (widths[c.name] ?? columnWidth(c)), 0)}px)`;
  const [target, setTarget] = useState<string | number>("");

  useEffect(() => {
    onVisibleRange?.(firstIndex, lastIndex);
  }, [firstIndex, lastIndex, onVisibleRange]);

  const jump = () => {
    const row = Math.round(Number(target));
    if (Number.isFinite(row) && row >= 1 && row <= count) virtualizer.scrollToIndex(row - 1, { align: "start" });
  };

  return (
    <>
      {count > 100 && (
        <Group gap="xs" mb="xs" justify="flex-end">
          <NumberInput
            size="xs"
            w={150}
            min={1}
            max={count}
            placeholder={`1 – ${count}`}
            aria-label="Go to row"
            value={target}
            onChange={setTarget}
            onKeyDown={(e) => e.key === "Enter" && jump()}
            error={target !== "" && (Number(target) < 1 || Number(target) > count) ? `1 – ${count}` : undefined}
          />
          <Button size="xs" variant="default" onClick={jump}>
            Go to row
          </Button>
        </Group>
      )}
      <Box
        ref={scrollRef}
        className={classes.scroll}
        style={{ height }}
        role="table"
        aria-label={label}
        aria-rowcount={count + 1}
        tabIndex={0}
        data-testid="virtual-table"
      >
        <div className={classes.header} style={{ gridTemplateColumns: template, width }} role="row">
          <div className={classes.th} role="columnheader">
            #
          </div>
          {columns.map((c) => (
            <div
              key={c.name}
              className={classes.th}
              role="columnheader"
              title={c.type ? `${c.name} · ${c.type}` : c.name}
              aria-sort={sort?.column === c.name ? (sort.desc ? "descending" : "ascending") : undefined}
            >
              {onSort ? (
                <UnstyledButton onClick={() => onSort(c.name)} style={{ minWidth: 0 }}>
                  <Text span size="xs" fw={700} truncate>
                    <VisuallyHidden>Sort by </VisuallyHidden>
                    {c.name}
                    {sort?.column === c.name ? (sort.desc ? " ↓" : " ↑") : ""}
                  </Text>
                </UnstyledButton>
              ) : (
                <Text span size="xs" fw={700} truncate>
                  {c.name}
                </Text>
              )}
              {c.type && (
                <Text span size="10px" c="dimmed" ml={6} tt="lowercase">
                  {c.type}
                </Text>
              )}
              <div className={classes.resize} {...handleProps(c.name, widths[c.name] ?? columnWidth(c))} />
            </div>
          ))}
        </div>
        <div style={{ height: virtualizer.getTotalSize(), width, position: "relative" }} role="rowgroup">
          {items.map((item) => {
            const row = rowAt(item.index);
            return (
              <div
                key={item.key}
                className={classes.row}
                role="row"
                aria-rowindex={item.index + 2}
                style={{ gridTemplateColumns: template, transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
              >
                <div className={`${classes.td} ${classes.index}`} role="cell">
                  {item.index + 1}
                </div>
                {columns.map((c) => {
                  if (!row)
                    return (
                      <div key={c.name} className={classes.td} role="cell" aria-busy>
                        <span className={classes.null}>…</span>
                      </div>
                    );
                  const value = row[c.name];
                  return (
                    <div
                      key={c.name}
                      className={classes.td}
                      role="cell"
                      data-numeric={typeof value === "number" || undefined}
                      title={typeof value === "string" && value.length > 24 ? value : undefined}
                    >
                      {renderCell(value)}
                    </div>
                  );
                })}
              </div>
            );
          })}
        </div>
      </Box>
    </>
  );
}
