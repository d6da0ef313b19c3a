import type { PREPARE_TARGETS } from "../../schemas/workflow.ts";
import { planCleanTarget } from "./clean.ts";
import { planCosmoReady } from "./cosmo-ready.ts";
import { planMlReady } from "./ml-ready.ts";
import { planPlotReady } from "./plot-ready.ts";
import type { TTargetContext, TTargetPlan } from "./types.ts";

type TPlanner = (ctx: TTargetContext) => Promise<TTargetPlan>;

/** The deterministic planner of each preparation target. */
export const TARGET_PLANNERS: Record<(typeof PREPARE_TARGETS)[number], TPlanner> = {
  clean: planCleanTarget,
  "ml-ready": planMlReady,
  "plot-ready": planPlotReady,
  "cosmo-ready": planCosmoReady,
  custom: (ctx) => Promise.resolve({ operations: ctx.config.operations ?? [], dropped: [], notes: [], check: null }),
};
