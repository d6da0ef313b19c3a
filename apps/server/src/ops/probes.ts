import type { TCore } from "@aw/core";
import express from "express";

/**
 * For orchestrators: `/healthz` answers while the process serves HTTP (liveness); `/readyz` only
 * when the database, storage and queue answer too (readiness), 503 naming what does not.
 */
export function probes(core: Pick<TCore, "health">): express.Router {
  const router = express.Router();
  router.get("/healthz", (_req, res) => void res.json({ ok: true }));
  router.get("/readyz", async (_req, res) => {
    const health = await core.health();
    const failing = (["database", "storage", "queue"] as const).filter((k) => !health[k].ok);
    res.status(health.ok ? 200 : 503).json({ ok: health.ok, ...(failing.length ? { failing } : {}) });
  });
  return router;
}
