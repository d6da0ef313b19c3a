import type { AppRouter } from "@aw/server";
import { httpBatchLink, httpSubscriptionLink, splitLink } from "@trpc/client";
import { createTRPCReact } from "@trpc/react-query";
import superjson from "superjson";
import { authHeaders, getApiToken } from "./app/api-token.ts";

export type { RouterInputs, RouterOutputs } from "@aw/server";

export const trpc = createTRPCReact<AppRouter>();

/** Queries and mutations go batched over HTTP; subscriptions stream over SSE. */
export function createTrpcClient() {
  return trpc.createClient({
    links: [
      splitLink({
        condition: (op) => op.type === "subscription",
        // EventSource cannot send headers: the token travels as tRPC connection params instead.
        true: httpSubscriptionLink({
          url: "/trpc",
          transformer: superjson,
          connectionParams: () => (getApiToken() ? { token: getApiToken() ?? "" } : null),
        }),
        // The server refuses a batch of more than TRPC_MAX_BATCH_SIZE calls (default 50); a busy page sends several.
        false: httpBatchLink({ url: "/trpc", transformer: superjson, headers: authHeaders, maxItems: 50 }),
      }),
    ],
  });
}
