import type { TGlobalConfig, TStep } from "../schemas/workflow.ts";

/** Retries after the first try: the step's own setting, else the workflow's, else the server default (aw's StepConfig → GlobalConfig). */
export function resolveMaxRetries(
  step: Pick<TStep, "maxRetries">,
  global: Pick<TGlobalConfig, "maxRetries">,
  serverDefault: number,
): number {
  return step.maxRetries ?? global.maxRetries ?? serverDefault;
}
