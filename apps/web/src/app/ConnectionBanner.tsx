import { Group, Loader, Text } from "@mantine/core";
import { useServerReachable } from "./connection.ts";

/** A strip above the page while the server cannot be reached; what is on screen stays, marked as possibly out of date. */
export function ConnectionBanner() {
  const reachable = useServerReachable();
  return (
    <div role="status" aria-live="polite">
      {!reachable && (
        <Group
          gap="xs"
          justify="center"
          px="md"
          py={6}
          mb="md"
          style={{ borderRadius: "var(--mantine-radius-md)" }}
          bg="var(--mantine-color-red-light)"
          c="var(--mantine-color-red-light-color)"
          data-testid="reconnecting-banner"
        >
          <Loader size={14} color="red" />
          <Text size="sm" fw={500}>
            Reconnecting… the server cannot be reached. What you see may be out of date; it refreshes when the server is back.
          </Text>
        </Group>
      )}
    </div>
  );
}
