import type { AppRouter } from "@aw/server";
import { httpBatchLink, httpSubscriptionLink, splitLink } from "@trpc/client";
import { createTRPCReact } from "@trpc/react-query";
import superjson from "superjson";

export type { RouterInputs, RouterOutputs } from "@aw/server";

export const trpc = createTRPCReact<AppRouter>();

/** Queries and mutations go batched over HTTP; subscriptions stream over SSE. */
export function createTrpcClient() {
  return trpc.createClient({
    links: [
      splitLink({
        condition: (op) => op.type === "subscription",
        true: httpSubscriptionLink({ url: "/trpc", transformer: superjson }),
        false: httpBatchLink({ url: "/trpc", transformer: superjson }),
      }),
    ],
  });
}
