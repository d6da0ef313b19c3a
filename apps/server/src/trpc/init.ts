import { DomainError } from "@aw/core";
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import type { OpenApiMeta } from "trpc-to-openapi";
import { ZodError } from "zod";
import { internalErrorMessage } from "../request-id.ts";
import type { TContext } from "./context.ts";

// ---- context ------------------------------------------------------------------------------
export type { TContext } from "./context.ts";

// ---- tRPC init ----------------------------------------------------------------------------
const t = initTRPC
  .context<TContext>()
  .meta<OpenApiMeta>()
  .create({
    transformer: superjson,
    // Subscriptions stream over SSE: pings keep idle streams alive through proxies, and a client
    // that hears nothing (not even a ping) for a while reconnects with its lastEventId.
    sse: { ping: { enabled: true, intervalMs: 10_000 }, client: { reconnectAfterInactivityMs: 25_000 } },
    // Invalid input names each bad field in `data.fields` and, readably, in the message (tRPC's own
    // message for it is the issues' raw JSON).
    // Every error names its request id (also in the `X-Request-Id` header), for the user to quote.
    errorFormatter({ shape, error, ctx }) {
      const requestId = ctx?.requestId;
      const cause = error.cause;
      if (cause instanceof ZodError) {
        const fields = Object.fromEntries(cause.issues.map((i) => [i.path.join(".") || "(input)", i.message]));
        const message = Object.entries(fields)
          .map(([field, problem]) => `${field}: ${problem}`)
          .join("; ");
        return { ...shape, message, data: { ...shape.data, stack: undefined, fields, requestId } };
      }
      // An error nobody anticipated may hold paths or internals: the client gets only the request id.
      const message = error.code === "INTERNAL_SERVER_ERROR" ? internalErrorMessage(requestId) : shape.message;
      return {
        ...shape,
        message,
        data: { ...shape.data, stack: undefined, fields: cause instanceof DomainError ? cause.fields : undefined, requestId },
      };
    },
  });

const DOMAIN_TO_TRPC = {
  NOT_FOUND: "NOT_FOUND",
  INVALID: "BAD_REQUEST",
  CONFLICT: "CONFLICT",
  TOO_LARGE: "PAYLOAD_TOO_LARGE",
  UNAVAILABLE: "SERVICE_UNAVAILABLE",
  // tRPC has no 507; the message says what is short.
  INSUFFICIENT_STORAGE: "SERVICE_UNAVAILABLE",
} as const;

/** Maps core's domain errors to tRPC codes once, for every procedure. */
const domainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof DomainError) {
    const cause = result.error.cause;
    throw new TRPCError({ code: DOMAIN_TO_TRPC[cause.kind], message: cause.message, cause });
  }
  return result;
});

/** Every call spends one point of the caller's API limit; a spent limit is 429 with Retry-After. */
const apiRateLimit = t.middleware(async ({ ctx, next }) => {
  const verdict = await ctx.core.rateLimits.api(ctx.caller);
  if (!verdict.allowed) {
    ctx.res.setHeader("Retry-After", String(verdict.retryAfterSeconds));
    throw new TRPCError({ code: "TOO_MANY_REQUESTS", message: verdict.message });
  }
  return next();
});

// ---- procedures ---------------------------------------------------------------------------
export const router = t.router;
export const publicProcedure = t.procedure.use(apiRateLimit).use(domainErrors);
