import { createHash, timingSafeEqual } from "node:crypto";
import type { Request, RequestHandler } from "express";
import { sendError } from "./rest/errors.ts";

const digest = (s: string) => createHash("sha256").update(s).digest();

/**
 * The token a request presents: the bearer header, or, for tRPC subscriptions (a browser
 * EventSource cannot send headers), the `token` of the tRPC connection params in the query.
 */
function presentedToken(req: Request): string | undefined {
  const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? "")?.[1]?.trim();
  if (bearer) return bearer;
  const params = req.query.connectionParams;
  if (req.baseUrl !== "/trpc" || typeof params !== "string") return undefined;
  try {
    const token = (JSON.parse(params) as { token?: unknown } | null)?.token;
    return typeof token === "string" ? token : undefined;
  } catch {
    return undefined;
  }
}

/** Requires the API token; compares digests so timing reveals nothing about the token. */
export function requireApiToken(token: string): RequestHandler {
  const expected = digest(token);
  return (req, res, next) => {
    const presented = presentedToken(req);
    if (presented && timingSafeEqual(digest(presented), expected)) return next();
    res.setHeader("WWW-Authenticate", 'Bearer realm="aw"');
    sendError(res, 401, "UNAUTHORIZED", "missing or invalid API token (send Authorization: Bearer <AW_API_TOKEN>)");
  };
}
