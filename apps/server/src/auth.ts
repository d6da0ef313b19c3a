import { createHash, timingSafeEqual } from "node:crypto";
import type { Request, RequestHandler } from "express";
import { isSignedDownload } from "./download-links.ts";
import { sendError } from "./rest/errors.ts";

const digest = (s: string) => createHash("sha256").update(s).digest();

/**
 * The token a request presents: the bearer header, or, for a tRPC subscription's GET (a browser
 * EventSource cannot send headers), the `token` of the tRPC connection params in the query.
 * Nothing else may carry it in the URL, where proxies and logs keep it.
 */
function presentedToken(req: Request, subscriptionPaths: ReadonlySet<string>): string | undefined {
  const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? "")?.[1]?.trim();
  if (bearer) return bearer;
  const params = req.query.connectionParams;
  const isSubscription = req.baseUrl === "/trpc" && req.method === "GET" && subscriptionPaths.has(req.path.slice(1));
  if (!isSubscription || typeof params !== "string") return undefined;
  try {
    const token = (JSON.parse(params) as { token?: unknown } | null)?.token;
    return typeof token === "string" ? token : undefined;
  } catch {
    return undefined;
  }
}

/** A download the browser follows by itself, carrying a link signed for that artifact (see download-links.ts). */
function isSignedDownloadRequest(req: Request, token: string): boolean {
  const id =
    req.baseUrl === "/api" && (req.method === "GET" || req.method === "HEAD")
      ? /^\/v1\/data\/([^/]+)\/download$/.exec(req.path)?.[1]
      : undefined;
  return id !== undefined && isSignedDownload(token, decodeURIComponent(id), req.query);
}

/** Requires the API token (or a signed download link); compares digests so timing reveals nothing about the token. */
export function requireApiToken(token: string, subscriptionPaths: ReadonlySet<string>): RequestHandler {
  const expected = digest(token);
  return (req, res, next) => {
    const presented = presentedToken(req, subscriptionPaths);
    if (presented && timingSafeEqual(digest(presented), expected)) return next();
    if (isSignedDownloadRequest(req, token)) return next();
    res.setHeader("WWW-Authenticate", 'Bearer realm="aw"');
    sendError(res, 401, "UNAUTHORIZED", "missing or invalid API token (send Authorization: Bearer <AW_API_TOKEN>)");
  };
}
