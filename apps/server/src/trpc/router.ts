import type { AnyProcedure, inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import { router } from "./init.ts";
import { auditRouter } from "./routers/audit.ts";
import { dataRouter } from "./routers/data.ts";
import { healthRouter } from "./routers/health.ts";
import { jobsRouter } from "./routers/jobs.ts";
import { workflowsRouter } from "./routers/workflows.ts";

export const appRouter = router({
  audit: auditRouter,
  data: dataRouter,
  health: healthRouter,
  jobs: jobsRouter,
  workflows: workflowsRouter,
});

export type AppRouter = typeof appRouter;

/** Paths of the subscription procedures (e.g. "jobs.onJob"), the calls a browser makes through EventSource. */
export const SUBSCRIPTION_PATHS: ReadonlySet<string> = new Set(
  // Flat by path at runtime ("jobs.onJob"), though typed as the nested record.
  Object.entries(appRouter._def.procedures as unknown as Record<string, AnyProcedure>)
    .filter(([, procedure]) => procedure._def.type === "subscription")
    .map(([path]) => path),
);
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
