import { Button, Modal, PasswordInput, Stack, Text } from "@mantine/core";
import { useState } from "react";
import { trpc } from "../trpc.ts";
import { getApiToken, setApiToken } from "./api-token.ts";
import { httpStatusOf } from "./errors.ts";

/** Asks for the API token when the server answers 401 (it runs with AW_API_TOKEN). */
export function TokenGate() {
  const health = trpc.health.check.useQuery(undefined, { retry: false, meta: { silent: true } });
  const [token, setToken] = useState(getApiToken() ?? "");
  const unauthorized = httpStatusOf(health.error) === 401;
  return (
    <Modal
      opened={unauthorized}
      onClose={() => undefined}
      withCloseButton={false}
      title={<Text fw={600}>Sign in with the API token</Text>}
      centered
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setApiToken(token.trim() || null);
          window.location.reload();
        }}
      >
        <Stack>
          <Text size="sm" c="dimmed">
            This server requires its API token (<code>AW_API_TOKEN</code>). It is kept in this browser only.
          </Text>
          <PasswordInput label="API token" value={token} onChange={(e) => setToken(e.currentTarget.value)} autoFocus data-autofocus />
          <Button type="submit" disabled={!token.trim()}>
            Continue
          </Button>
        </Stack>
      </form>
    </Modal>
  );
}
