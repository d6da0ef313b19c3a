import { Group, Table, UnstyledButton } from "@mantine/core";
import { IconChevronDown, IconChevronUp, IconSelector } from "@tabler/icons-react";
import type { ReactNode } from "react";

type TProps = { children: ReactNode; active: boolean; order: "asc" | "desc"; onSort: () => void; align?: "left" | "right" };

/** A header cell that sorts its column; `aria-sort` tells screen readers the current order. */
export function SortableTh({ children, active, order, onSort, align = "left" }: TProps) {
  const Icon = active ? (order === "asc" ? IconChevronUp : IconChevronDown) : IconSelector;
  return (
    <Table.Th aria-sort={active ? (order === "asc" ? "ascending" : "descending") : "none"} style={{ textAlign: align }}>
      <UnstyledButton onClick={onSort} fw={600} fz="sm">
        <Group gap={4} wrap="nowrap" justify={align === "right" ? "flex-end" : "flex-start"}>
          {children}
          <Icon size={14} stroke={1.6} />
        </Group>
      </UnstyledButton>
    </Table.Th>
  );
}
