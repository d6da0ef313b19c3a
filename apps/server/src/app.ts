import fs from "node:fs";
import path from "node:path";
import type { TCore } from "@aw/core";
import { createExpressMiddleware } from "@trpc/server/adapters/express";
import express from "express";
import { requireApiToken } from "./auth.ts";
import { dataRoutes } from "./rest/data-routes.ts";
import { restErrorHandler, sendError } from "./rest/errors.ts";
import { appRouter } from "./trpc/router.ts";

/** The HTTP surface: tRPC under /trpc, REST under /api/v1, and the built UI when present. */
export function createApp(core: TCore): express.Express {
  const app = express();
  app.disable("x-powered-by");

  if (core.config.AW_API_TOKEN) {
    const auth = requireApiToken(core.config.AW_API_TOKEN);
    app.use("/api", auth);
    app.use("/trpc", auth);
  }

  app.use("/api/v1", dataRoutes(core));
  app.use("/api", (req, res) => sendError(res, 404, "NOT_FOUND", `no API route ${req.method} ${req.originalUrl}`));
  app.use("/api", restErrorHandler(core.config.UPLOAD_MAX_BYTES));

  app.use("/trpc", createExpressMiddleware({ router: appRouter, createContext: () => ({ core }) }));

  const webDist = core.config.AW_WEB_DIST;
  if (fs.existsSync(path.join(webDist, "index.html"))) {
    app.use(express.static(webDist, { index: false, maxAge: "1h" }));
    app.get(/^\/(?!trpc|api).*/, (_req, res) => res.sendFile(path.join(webDist, "index.html")));
  }
  return app;
}
