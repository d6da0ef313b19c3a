import { createHash } from "node:crypto";
import type { Request } from "express";

/** Who a rate limit counts: the bearer token or key (by digest), else the session cookie, else the address. */
export function rateLimitCaller(req: Request): string {
  const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? "")?.[1]?.trim();
  if (bearer) return `bearer:${createHash("sha256").update(bearer).digest("hex")}`;
  const session = /(?:^|;\s*)aw_session=([^;]+)/.exec(req.headers.cookie ?? "")?.[1];
  if (session) return `session:${createHash("sha256").update(session).digest("hex")}`;
  return `ip:${req.ip ?? req.socket.remoteAddress ?? "unknown"}`;
}
