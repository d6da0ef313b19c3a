import fs from "node:fs";
import path from "node:path";
import type { TCore } from "@aw/core";
import { createExpressMiddleware } from "@trpc/server/adapters/express";
import express from "express";
import { appRouter } from "./trpc/router.ts";

/** The HTTP surface: tRPC under /trpc, REST under /api/v1, and the built UI when present. */
export function createApp(core: TCore): express.Express {
  const app = express();
  app.disable("x-powered-by");

  app.use("/trpc", createExpressMiddleware({ router: appRouter, createContext: () => ({ core }) }));

  const webDist = core.config.AW_WEB_DIST;
  if (fs.existsSync(path.join(webDist, "index.html"))) {
    app.use(express.static(webDist, { index: false, maxAge: "1h" }));
    app.get(/^\/(?!trpc|api).*/, (_req, res) => res.sendFile(path.join(webDist, "index.html")));
  }
  return app;
}
