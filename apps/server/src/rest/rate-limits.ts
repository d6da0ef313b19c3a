import type { TRateVerdict } from "@aw/core";
import type { RequestHandler } from "express";
import { rateLimitCaller } from "../rate-limit-caller.ts";
import { sendError } from "./errors.ts";

/** Spends one point of `limit` for the caller; a spent limit answers 429 with Retry-After (seconds). */
export function rateLimited(limit: (caller: string) => Promise<TRateVerdict>): RequestHandler {
  return (req, res, next) =>
    void limit(rateLimitCaller(req)).then((verdict) => {
      if (verdict.allowed) return next();
      res.setHeader("Retry-After", String(verdict.retryAfterSeconds));
      sendError(res, 429, "TOO_MANY_REQUESTS", verdict.message);
    }, next);
}
