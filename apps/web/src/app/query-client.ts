import { notifications } from "@mantine/notifications";
import { MutationCache, QueryCache, QueryClient } from "@tanstack/react-query";
import { markUnreachable } from "./connection.ts";
import { errorMessage, httpStatusOf, isNetworkError, requestIdOf } from "./errors.ts";

declare module "@tanstack/react-query" {
  interface Register {
    /** `silent: true` lets a screen show the error itself instead of a toast. */
    queryMeta: { silent?: boolean };
    mutationMeta: { silent?: boolean };
  }
}

function toast(error: unknown) {
  const requestId = requestIdOf(error);
  const message = requestId ? `${errorMessage(error)} (request id ${requestId})` : errorMessage(error);
  notifications.show({ color: "red", title: "Something went wrong", message, autoClose: 8000 });
}

/** One place that turns every failed request into a toast carrying the server's message. */
export function createQueryClient() {
  return new QueryClient({
    queryCache: new QueryCache({
      // A read the server could not answer at all is the reconnecting banner's news, not a toast's.
      onError: (error, query) => {
        if (isNetworkError(error)) markUnreachable();
        else if (!query.meta?.silent) toast(error);
      },
    }),
    mutationCache: new MutationCache({
      onError: (error, _vars, _ctx, mutation) => {
        if (isNetworkError(error)) markUnreachable();
        if (!mutation.meta?.silent) toast(error);
      },
    }),
    defaultOptions: {
      queries: {
        staleTime: 5_000,
        refetchOnWindowFocus: false,
        // While the server is away the health check decides when to try again.
        retry: (count, error) => count < 2 && !isClientError(error) && !isNetworkError(error),
      },
    },
  });
}

function isClientError(error: unknown): boolean {
  const status = httpStatusOf(error);
  return typeof status === "number" && status >= 400 && status < 500;
}
