import fs from "node:fs";
import path from "node:path";
import { humanBytes, type TCore } from "@aw/core";
import { createExpressMiddleware } from "@trpc/server/adapters/express";
import compression from "compression";
import express from "express";
import helmet from "helmet";
import { actorOfRequest } from "./actor.ts";
import { requireApiToken } from "./auth.ts";
import { allowedHosts } from "./guards/allowed-hosts.ts";
import { allowedOrigins, crossOriginReads } from "./guards/allowed-origins.ts";
import { refuseLargerThan } from "./guards/content-length.ts";
import { metricsRoute } from "./ops/metrics-route.ts";
import { probes } from "./ops/probes.ts";
import { requestLogging } from "./ops/request-logging.ts";
import { requestId } from "./request-id.ts";
import { dataRoutes } from "./rest/data-routes.ts";
import { restErrorHandler, sendError } from "./rest/errors.ts";
import { openApiRoutes } from "./rest/openapi.ts";
import { createContext } from "./trpc/context.ts";
import { logUnexpected } from "./trpc/log-unexpected.ts";
import { appRouter, SUBSCRIPTION_PATHS } from "./trpc/router.ts";

/**
 * Security headers for the API and the UI: scripts, connections and frames only from this origin
 * (Mantine sets inline styles; charts draw to canvas and export as data: URLs). Plain HTTP stays
 * usable: no upgrade of requests to HTTPS, which a TLS-terminating proxy adds where it applies.
 */
const securityHeaders = helmet({
  contentSecurityPolicy: {
    directives: {
      "default-src": ["'self'"],
      "script-src": ["'self'"],
      "style-src": ["'self'", "'unsafe-inline'"],
      "img-src": ["'self'", "data:", "blob:"],
      "font-src": ["'self'", "data:"],
      "connect-src": ["'self'"],
      "worker-src": ["'self'", "blob:"],
      "frame-ancestors": ["'none'"],
      "upgrade-insecure-requests": null,
    },
  },
  strictTransportSecurity: false,
});

/** The HTTP surface: tRPC under /trpc, REST under /api/v1, and the built UI when present. */
export function createApp(core: TCore): express.Express {
  const { config } = core;
  const app = express();
  app.disable("x-powered-by");
  app.use(requestId());
  app.use(requestLogging(core));
  app.use(securityHeaders);
  // Probes come from orchestrators by address, before the Host check; they reveal only up or down.
  app.use(probes(core));

  app.use(allowedHosts(config));
  // The API's description and its docs page hold no data: readable without the token.
  const openApi = openApiRoutes(core);
  app.use("/api", openApi.docs);
  app.use(["/api", "/trpc"], crossOriginReads(config), allowedOrigins(config));
  if (config.AW_API_TOKEN) {
    const auth = requireApiToken(config.AW_API_TOKEN, SUBSCRIPTION_PATHS);
    app.use(["/api", "/trpc", "/metrics"], auth);
  }
  app.get("/metrics", metricsRoute(core));

  app.use("/api/v1", actorOfRequest(core), dataRoutes(core), openApi.procedures);
  app.use("/api", (req, res) => sendError(res, 404, "NOT_FOUND", `no API route ${req.method} ${req.originalUrl}`));
  app.use("/api", restErrorHandler(config.UPLOAD_MAX_BYTES, core.log));

  const maxBody = config.TRPC_MAX_BODY_BYTES;
  app.use(
    "/trpc",
    refuseLargerThan(maxBody, (length) => `the request body of ${humanBytes(length)} is larger than the limit of ${humanBytes(maxBody)}`),
  );
  app.use(
    "/trpc",
    createExpressMiddleware({
      router: appRouter,
      createContext: ({ req, res }) => createContext(core, req, res),
      // A body without Content-Length is cut off at the limit while it streams.
      maxBodySize: maxBody,
      maxBatchSize: config.TRPC_MAX_BATCH_SIZE,
      onError(opts) {
        // The rest of an oversized body is not worth reading: the connection closes after the 413.
        if (opts.error.code === "PAYLOAD_TOO_LARGE" && !opts.req.complete) opts.req.res?.setHeader("Connection", "close");
        // The client reads "internal error (request id …)"; the log keeps what happened.
        logUnexpected(core)(opts);
      },
    }),
  );

  const webDist = config.AW_WEB_DIST;
  if (fs.existsSync(path.join(webDist, "index.html"))) {
    // The UI, compressed (brotli or gzip, as the browser accepts). Hashed assets never change under
    // their name and are cached for a year; index.html is revalidated on every visit.
    const ui = express.Router();
    ui.use(compression());
    ui.use("/assets", express.static(path.join(webDist, "assets"), { index: false, immutable: true, maxAge: "365d", fallthrough: false }));
    ui.use(express.static(webDist, { index: false, maxAge: "1h" }));
    ui.get(/^\/(?!trpc|api).*/, (_req, res) =>
      res.sendFile(path.join(webDist, "index.html"), { headers: { "Cache-Control": "no-cache" } }),
    );
    app.use(ui);
  }
  return app;
}
