import { randomUUID } from "node:crypto";
import type { RequestHandler, Response } from "express";

const SANE_ID = /^[\w.:-]{1,128}$/;

/**
 * Every response carries `X-Request-Id`: the caller's own (a proxy's) when it is a sane token,
 * otherwise a fresh UUID. Error bodies repeat it, so a user can quote it and an operator find it.
 */
export function requestId(): RequestHandler {
  return (req, res, next) => {
    const incoming = req.get("x-request-id");
    const id = incoming && SANE_ID.test(incoming) ? incoming : randomUUID();
    res.locals.requestId = id;
    res.setHeader("X-Request-Id", id);
    next();
  };
}

export function requestIdOf(res: Response): string | undefined {
  const id: unknown = res.locals.requestId;
  return typeof id === "string" ? id : undefined;
}

/** What a client reads for an error it cannot act on: no server detail, the id to quote. */
export const internalErrorMessage = (requestId: string | undefined) => `internal error (request id ${requestId ?? "unknown"})`;
