import { z } from "zod";
import { parseStored } from "../db/stored-json.ts";
import { ZGlobalConfigSchema, ZStepSchema, type TGlobalConfig, type TStep } from "../schemas/workflow.ts";

const ZStoredStepsSchema = z.array(ZStepSchema);

/**
 * A workflow's or version's stored `steps` and `globalConfig`, parsed by the same schemas that
 * checked them on write. Older versions upgrade through the defaults: a preparing step saved
 * before `dedupe` and `maxNullShare` existed reads with `dedupe: false, maxNullShare: 0.5`, a
 * `fill_nulls` before `indicator` with `indicator: false`, a loading step before `linksPath` without one.
 */
export function readDefinition(
  row: { steps: unknown; globalConfig: unknown },
  name: string,
): { steps: TStep[]; globalConfig: TGlobalConfig } {
  return {
    steps: parseStored(ZStoredStepsSchema, row.steps, name, "steps"),
    globalConfig: parseStored(ZGlobalConfigSchema, row.globalConfig, name, "globalConfig"),
  };
}
