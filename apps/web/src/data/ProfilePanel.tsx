import { Alert, SimpleGrid, Skeleton, Stack, Text, TextInput } from "@mantine/core";
import { IconSearch } from "@tabler/icons-react";
import { useState } from "react";
import { trpc } from "../trpc.ts";
import { ColumnProfileCard } from "./ColumnProfileCard.tsx";

/** Every column's profile, filterable by name when there are many. */
export function ProfilePanel({ id }: { id: string }) {
  const profile = trpc.data.profile.useQuery({ id }, { meta: { silent: true }, staleTime: Infinity });
  const [filter, setFilter] = useState("");
  if (profile.isPending) {
    return (
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3, xl: 4 }}>
        {[0, 1, 2, 3].map((i) => (
          <Skeleton key={i} height={240} />
        ))}
      </SimpleGrid>
    );
  }
  if (profile.isError && !profile.data)
    return (
      <Alert color="red" title="Could not profile this file">
        {profile.error.message}
      </Alert>
    );
  const { table, columns } = profile.data;
  const shown = filter ? columns.filter((c) => c.name.toLowerCase().includes(filter.toLowerCase())) : columns;
  return (
    <Stack gap="md">
      {columns.length > 8 && (
        <TextInput
          aria-label="Filter columns"
          placeholder="Filter columns"
          leftSection={<IconSearch size={16} />}
          value={filter}
          onChange={(e) => setFilter(e.currentTarget.value)}
          maw={300}
        />
      )}
      {shown.length === 0 && <Text c="dimmed">No column matches “{filter}”.</Text>}
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3, xl: 4 }} spacing="md">
        {shown.map((c) => (
          <ColumnProfileCard key={c.name} column={c} rowCount={table.rowCount} />
        ))}
      </SimpleGrid>
    </Stack>
  );
}
