import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink, type TRPCClient } from "@trpc/client";
import { EventSource } from "eventsource";
import superjson from "superjson";
import type { AppRouter } from "./app-router.ts";

/**
 * The typed tRPC client: queries and mutations batched over HTTP, subscriptions over SSE. The
 * `eventsource` package stands in for EventSource (Node 20 has none, and a browser's cannot send
 * headers); its fetch carries the bearer token.
 */
export function createTrpc(baseUrl: string, headers: Record<string, string>): TRPCClient<AppRouter> {
  const url = `${baseUrl}/trpc`;
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === "subscription",
        true: httpSubscriptionLink({
          url,
          transformer: superjson,
          EventSource,
          eventSourceOptions: { fetch: (input, init) => fetch(input, { ...init, headers: { ...init?.headers, ...headers } }) },
        }),
        false: httpBatchLink({ url, transformer: superjson, headers }),
      }),
    ],
  });
}
