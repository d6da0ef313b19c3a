import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import { router } from "./init.ts";
import { dataRouter } from "./routers/data.ts";
import { healthRouter } from "./routers/health.ts";
import { jobsRouter } from "./routers/jobs.ts";
import { workflowsRouter } from "./routers/workflows.ts";

export const appRouter = router({
  data: dataRouter,
  health: healthRouter,
  jobs: jobsRouter,
  workflows: workflowsRouter,
});

export type AppRouter = typeof appRouter;
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
