import { Group, Skeleton, Stack } from "@mantine/core";

/** The shape of a page while its code or first data loads. */
export function PageSkeleton() {
  return (
    <Stack gap="md" aria-busy="true" aria-label="Loading">
      <Skeleton height={32} width={240} />
      <Group grow>
        <Skeleton height={96} />
        <Skeleton height={96} />
        <Skeleton height={96} />
      </Group>
      <Skeleton height={280} />
    </Stack>
  );
}
