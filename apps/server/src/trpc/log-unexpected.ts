import type { TCore } from "@aw/core";
import type { TRPCError } from "@trpc/server";

/** tRPC's `onError` for both adapters: an error nobody anticipated is logged with its stack and request id. */
export const logUnexpected =
  (core: Pick<TCore, "log">) =>
  ({ error, path, ctx }: { error: TRPCError; path?: string; ctx?: { requestId?: string } }) => {
    if (error.code === "INTERNAL_SERVER_ERROR")
      core.log.error({ err: error.cause ?? error, requestId: ctx?.requestId, procedure: path }, "unexpected error");
  };
