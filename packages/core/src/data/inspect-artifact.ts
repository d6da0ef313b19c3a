import { profileTable } from "../aw-engine/profiling/profile-table.ts";
import type { TProfile } from "../aw-engine/profiling/types.ts";
import { sampleTable, type TSample } from "../aw-engine/sample.ts";
import { literal, withWorkspace, type Workspace } from "../aw-engine/workspace.ts";
import { invalid } from "../errors.ts";
import type { TRowView } from "../schemas/row-view.ts";
import { adoptStoredObject, readCacheOf } from "../storage/read-cache.ts";
import { inspectionMemoryLimit, type TProfileDeps } from "./profile-artifact.ts";

export const notATable = (artifact: { filename: string }, reason: string) =>
  invalid(`${artifact.filename} is not a table the engine can read: ${reason}`);

/** Runs `fn` against the stored Parquet table `key` as the view `data`. */
function withParquet<T>(deps: TProfileDeps, key: string, fn: (ws: Workspace) => Promise<T>): Promise<T> {
  const { config } = deps;
  return withWorkspace(
    {
      memoryLimit: inspectionMemoryLimit(config),
      spillLimit: config.DUCKDB_SPILL_LIMIT,
      threads: config.DUCKDB_THREADS,
      root: config.workspaceRoot,
    },
    async (ws) => {
      await ws.run(
        `CREATE VIEW data AS SELECT * FROM read_parquet(${literal(await adoptStoredObject(deps.storage, readCacheOf(config), ws, key))})`,
      );
      return fn(ws);
    },
  );
}

/** A page of a stored Parquet table's rows (an artifact's snapshot, a job step's checkpoint), JSON-safe, with the total row count. */
export const sampleParquet = (
  deps: TProfileDeps,
  key: string,
  page: { limit: number; offset: number },
  view?: TRowView,
): Promise<TSample> => withParquet(deps, key, (ws) => sampleTable(ws, "data", page, view));

/** The engine's full profile of a stored Parquet table. */
export const profileParquet = (deps: TProfileDeps, key: string): Promise<TProfile> =>
  withParquet(deps, key, (ws) => profileTable(ws, "data"));
