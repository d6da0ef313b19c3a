import { jobCommands } from "./commands.ts";
import type { TJobServiceDeps } from "./job-rows.ts";
import { jobQueries } from "./queries.ts";
import { jobStreams } from "./streaming.ts";

/** What the `jobs` router calls: create, run, inspect, steer and watch jobs. */
export function createJobService(deps: TJobServiceDeps) {
  return { ...jobCommands(deps), ...jobQueries(deps), ...jobStreams(deps) };
}

export type TJobService = ReturnType<typeof createJobService>;
