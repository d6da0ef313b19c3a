import { Box, Text } from "@mantine/core";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useRef } from "react";
import classes from "./VirtualTable.module.css";
import { valueText } from "../format.ts";

export type TTableColumn = { name: string; type?: string };

type TProps = {
  columns: TTableColumn[];
  rows: Record<string, unknown>[];
  /** Rows that exist in total; the table asks for more as the user scrolls near the end. */
  total?: number;
  onNeedMore?: () => void;
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

/** Thousands of rows in a fixed-height box: only the visible ones are in the DOM. */
export function VirtualTable({ columns, rows, total, onNeedMore, height = 420, label }: TProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  // The React Compiler is not used here, so its skipping this component changes nothing.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.at(-1)?.index ?? 0;
  // Columns keep a readable minimum and share any spare width, so narrow tables still fill the box.
  const template = `64px ${columns.map((c) => `minmax(${columnWidth(c)}px, 1fr)`).join(" ")}`;
  const width = `max(100%, ${64 + columns.reduce((sum, c) => sum + columnWidth(c), 0)}px)`;

  useEffect(() => {
    if (onNeedMore && total !== undefined && rows.length < total && lastIndex >= rows.length - 20) onNeedMore();
  }, [lastIndex, rows.length, total, onNeedMore]);

  return (
    <Box
      ref={scrollRef}
      className={classes.scroll}
      style={{ height }}
      role="table"
      aria-label={label}
      aria-rowcount={(total ?? rows.length) + 1}
      tabIndex={0}
      data-testid="virtual-table"
    >
      <div className={classes.header} style={{ gridTemplateColumns: template, width }} role="row">
        <div className={classes.th} role="columnheader">
          #
        </div>
        {columns.map((c) => (
          <div key={c.name} className={classes.th} role="columnheader" title={c.type ? `${c.name} · ${c.type}` : c.name}>
            <Text span size="xs" fw={700} truncate>
              {c.name}
            </Text>
            {c.type && (
              <Text span size="10px" c="dimmed" ml={6} tt="lowercase">
                {c.type}
              </Text>
            )}
          </div>
        ))}
      </div>
      <div style={{ height: virtualizer.getTotalSize(), width, position: "relative" }} role="rowgroup">
        {items.map((item) => {
          const row = rows[item.index] ?? {};
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
  );
}
