import { createHash, timingSafeEqual } from "node:crypto";
import type { RequestHandler } from "express";
import { sendError } from "./rest/errors.ts";

const digest = (s: string) => createHash("sha256").update(s).digest();

/** Requires `Authorization: Bearer <token>`; compares digests so timing reveals nothing about the token. */
export function requireBearerToken(token: string): RequestHandler {
  const expected = digest(token);
  return (req, res, next) => {
    const match = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? "");
    if (match?.[1] && timingSafeEqual(digest(match[1].trim()), expected)) return next();
    res.setHeader("WWW-Authenticate", 'Bearer realm="aw"');
    sendError(res, 401, "UNAUTHORIZED", "missing or invalid API token (send Authorization: Bearer <AW_API_TOKEN>)");
  };
}
