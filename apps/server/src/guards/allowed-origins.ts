import type { TConfig } from "@aw/core";
import cors from "cors";
import type { RequestHandler } from "express";
import { sendError } from "../rest/errors.ts";

type TOriginConfig = Pick<TConfig, "NODE_ENV" | "AW_ALLOWED_ORIGINS">;

const originSet = (config: TOriginConfig) =>
  new Set(
    [...config.AW_ALLOWED_ORIGINS, ...(config.NODE_ENV === "development" ? VITE_DEV_ORIGINS : [])].map((o) =>
      o.toLowerCase().replace(/\/$/, ""),
    ),
  );

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Where `pnpm dev` serves the UI; its proxy forwards the browser's Origin unchanged. */
const VITE_DEV_ORIGINS = ["http://localhost:5173", "http://127.0.0.1:5173"];

/**
 * Refuses state-changing requests (anything but GET/HEAD/OPTIONS) that a browser sent from another
 * site: an Origin header that is neither this server's own (the Host it was sent to) nor in
 * AW_ALLOWED_ORIGINS (plus the Vite dev server in development). Requests without Origin (curl,
 * scripts, same-origin navigations) pass: a browser always sends it on cross-site POSTs.
 */
export function allowedOrigins(config: TOriginConfig): RequestHandler {
  const allowed = originSet(config);
  return (req, res, next) => {
    const origin = req.headers.origin?.toLowerCase();
    if (SAFE_METHODS.has(req.method) || origin === undefined || allowed.has(origin)) return next();
    if (URL.canParse(origin) && new URL(origin).host === req.headers.host?.toLowerCase()) return next();
    sendError(
      res,
      403,
      "FORBIDDEN",
      `requests from the origin ${JSON.stringify(origin)} are not allowed; add it to AW_ALLOWED_ORIGINS to allow it`,
    );
  };
}

/**
 * CORS for the same AW_ALLOWED_ORIGINS: a page served from one of them may call the API and read
 * its answers (with the bearer token and the request id). Any other origin gets no CORS headers,
 * so browsers keep the API to pages of this server's own origin (the default).
 */
export function crossOriginReads(config: TOriginConfig): RequestHandler {
  const allowed = originSet(config);
  return cors({
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin.toLowerCase())),
    allowedHeaders: ["Authorization", "Content-Type", "X-Request-Id", "trpc-accept", "Last-Event-ID"],
    exposedHeaders: ["X-Request-Id", "Content-Disposition"],
    maxAge: 600,
  });
}
