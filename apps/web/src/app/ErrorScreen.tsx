import { Button, Code, Group, Stack, Text, Title } from "@mantine/core";
import { IconAlertOctagon } from "@tabler/icons-react";
import { isRouteErrorResponse, Link, useRouteError } from "react-router";
import { errorMessage, requestIdOf } from "./errors.ts";

/**
 * What a page that failed to render shows instead of a blank screen: what happened, the request id
 * when a server call was behind it, and two ways out. Inside the layout, the navigation stays usable.
 */
export function ErrorScreen() {
  const error = useRouteError();
  const message = isRouteErrorResponse(error) ? `${error.status} ${error.statusText}` : errorMessage(error);
  const requestId = requestIdOf(error);
  return (
    <Stack align="center" gap="sm" py={64} px="md" role="alert" data-testid="error-screen" maw={640} mx="auto">
      <IconAlertOctagon size={40} color="var(--mantine-color-red-6)" aria-hidden />
      <Title order={2} size="h3" ta="center">
        This page ran into a problem
      </Title>
      <Text ta="center">Nothing you saved is affected. Reload the page, or go back to the dashboard.</Text>
      <Code block w="100%" style={{ whiteSpace: "pre-wrap" }}>
        {message}
      </Code>
      {requestId && (
        <Text size="sm" c="dimmed">
          Request id: <Code>{requestId}</Code>
        </Text>
      )}
      <Group mt="sm">
        <Button onClick={() => window.location.reload()}>Reload</Button>
        <Button variant="default" component={Link} to="/">
          Go home
        </Button>
      </Group>
    </Stack>
  );
}
