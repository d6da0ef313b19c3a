import fs from "node:fs";
import path from "node:path";
import { humanBytes, type TCore } from "@aw/core";
import { createExpressMiddleware } from "@trpc/server/adapters/express";
import compression from "compression";
import express from "express";
import { requireApiToken } from "./auth.ts";
import { allowedHosts } from "./guards/allowed-hosts.ts";
import { allowedOrigins } from "./guards/allowed-origins.ts";
import { refuseLargerThan } from "./guards/content-length.ts";
import { requestId, requestIdOf } from "./request-id.ts";
import { dataRoutes } from "./rest/data-routes.ts";
import { restErrorHandler, sendError } from "./rest/errors.ts";
import { appRouter, SUBSCRIPTION_PATHS } from "./trpc/router.ts";

/** The HTTP surface: tRPC under /trpc, REST under /api/v1, and the built UI when present. */
export function createApp(core: TCore): express.Express {
  const { config } = core;
  const app = express();
  app.disable("x-powered-by");
  app.use(requestId());

  app.use(allowedHosts(config));
  app.use(["/api", "/trpc"], allowedOrigins(config));
  if (config.AW_API_TOKEN) {
    const auth = requireApiToken(config.AW_API_TOKEN, SUBSCRIPTION_PATHS);
    app.use("/api", auth);
    app.use("/trpc", auth);
  }

  app.use("/api/v1", dataRoutes(core));
  app.use("/api", (req, res) => sendError(res, 404, "NOT_FOUND", `no API route ${req.method} ${req.originalUrl}`));
  app.use("/api", restErrorHandler(config.UPLOAD_MAX_BYTES));

  const maxBody = config.TRPC_MAX_BODY_BYTES;
  app.use(
    "/trpc",
    refuseLargerThan(maxBody, (length) => `the request body of ${humanBytes(length)} is larger than the limit of ${humanBytes(maxBody)}`),
  );
  app.use(
    "/trpc",
    createExpressMiddleware({
      router: appRouter,
      createContext: ({ res }) => ({ core, requestId: requestIdOf(res) }),
      // A body without Content-Length is cut off at the limit while it streams.
      maxBodySize: maxBody,
      maxBatchSize: config.TRPC_MAX_BATCH_SIZE,
      onError({ error, req }) {
        // The rest of an oversized body is not worth reading: the connection closes after the 413.
        if (error.code === "PAYLOAD_TOO_LARGE" && !req.complete) req.res?.setHeader("Connection", "close");
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
