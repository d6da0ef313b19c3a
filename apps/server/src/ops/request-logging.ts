import type { TCore } from "@aw/core";
import type { IncomingMessage } from "node:http";
import type { Request, RequestHandler } from "express";
import { pinoHttp } from "pino-http";
import { requestIdOf } from "../request-id.ts";

/** Probes and scrapes come every few seconds; a line each would bury the requests people make. */
const QUIET_PATHS = new Set(["/healthz", "/readyz", "/metrics"]);

const pathOf = (req: IncomingMessage) => ((req as Request).originalUrl ?? req.url ?? "").split("?")[0] ?? "";

/**
 * A bounded name for what a request asked for, for the duration histogram: the tRPC procedure
 * (or "(batch)"), the Express route pattern, a probe, or the UI.
 */
function routeOf(req: Request): string {
  const path = pathOf(req);
  if (path.startsWith("/trpc/")) return path.includes(",") ? "/trpc/(batch)" : path;
  const route = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof route === "string") return `${req.baseUrl}${route}`;
  if (QUIET_PATHS.has(path)) return path;
  return path.startsWith("/api/") ? "/api (no route)" : "ui";
}

/**
 * One JSON line per request once it ends (request id, method, path, status, duration), at warn for
 * 4xx and error for 5xx, and its duration in `aw_http_request_duration_seconds`.
 */
export function requestLogging({ log, metrics }: Pick<TCore, "log" | "metrics">): RequestHandler[] {
  const message = (req: IncomingMessage, res: { statusCode: number }) => `${req.method} ${pathOf(req)} ${res.statusCode}`;
  const lines = pinoHttp({
    logger: log,
    genReqId: (_req, res) => requestIdOf(res as never) ?? "-",
    autoLogging: { ignore: (req) => QUIET_PATHS.has(pathOf(req)) },
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? "error" : res.statusCode >= 400 ? "warn" : "info"),
    customSuccessMessage: message,
    customErrorMessage: message,
    customProps: (req) => ({ requestId: req.id, method: req.method, path: pathOf(req) }),
    serializers: { req: () => undefined, res: (res: { statusCode: number }) => res.statusCode },
    customAttributeKeys: { res: "status", responseTime: "durationMs" },
  });
  const timing: RequestHandler = (req, res, next) => {
    const end = metrics.httpRequestSeconds.startTimer({ method: req.method });
    res.once("finish", () => end({ route: routeOf(req), status: String(res.statusCode) }));
    next();
  };
  return [lines, timing];
}
