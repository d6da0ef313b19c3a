import { Group, Pagination, Text } from "@mantine/core";

type TProps = { page: number; pageSize: number; total: number; onPage: (page: number) => void; noun: string };

/** "21–40 of 135 datasets" and the pager. */
export function ListFooter({ page, pageSize, total, onPage, noun }: TProps) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const from = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const to = Math.min(total, page * pageSize);
  return (
    <Group justify="space-between" mt="md">
      <Text size="sm" c="dimmed">
        {from}–{to} of {total.toLocaleString()} {noun}
      </Text>
      {pages > 1 && <Pagination total={pages} value={page} onChange={onPage} size="sm" withEdges />}
    </Group>
  );
}
