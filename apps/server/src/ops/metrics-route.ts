import type { TCore } from "@aw/core";
import type { RequestHandler } from "express";

/** `/metrics` in Prometheus' text format. */
export function metricsRoute({ metrics }: Pick<TCore, "metrics">): RequestHandler {
  return async (_req, res) => {
    res.setHeader("Content-Type", metrics.registry.contentType);
    res.end(await metrics.registry.metrics());
  };
}
