import { randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { profileTable } from "../aw-engine/profiling/profile-table.ts";
import type { TProfile } from "../aw-engine/profiling/types.ts";
import { sampleTable, type TSample } from "../aw-engine/sample.ts";
import { literal, withWorkspace, type Workspace } from "../aw-engine/workspace.ts";
import { invalid } from "../errors.ts";
import type { TConfig } from "../config.ts";
import { inspectionMemoryLimit, type TProfileDeps } from "./profile-artifact.ts";

export const notATable = (artifact: { filename: string }, reason: string) => invalid(`${artifact.filename} is not a table the engine can read: ${reason}`);

/**
 * Where an S3 object read here is kept once downloaded: snapshots, checkpoints and run tables never
 * change under their key, so each is fetched once. Whoever deletes the object removes this copy.
 */
export const cachedObjectPath = (config: Pick<TConfig, "AW_DATA_DIR">, key: string) => path.join(config.AW_DATA_DIR, "cache", ...key.split("/"));

/** A local path to a stored Parquet table: local storage's own file, or the cached download of an S3 object. */
async function readableFile({ storage, config }: TProfileDeps, key: string): Promise<string> {
  if (storage.driver === "local") return storage.toLocalFile(key, config.AW_DATA_DIR);
  const cached = cachedObjectPath(config, key);
  if (await fs.stat(cached).catch(() => null)) return cached;
  const tempDir = path.join(config.AW_DATA_DIR, "tmp", `download-${randomUUID()}`);
  try {
    const file = await storage.toLocalFile(key, tempDir);
    await fs.mkdir(path.dirname(cached), { recursive: true });
    await fs.rename(file, cached);
    return cached;
  } finally {
    await fs.rm(tempDir, { recursive: true, force: true });
  }
}

/** Runs `fn` against the stored Parquet table `key` as the view `data`. */
function withParquet<T>(deps: TProfileDeps, key: string, fn: (ws: Workspace) => Promise<T>): Promise<T> {
  return withWorkspace({ memoryLimit: inspectionMemoryLimit(deps.config), threads: deps.config.DUCKDB_THREADS, root: deps.config.workspaceRoot }, async (ws) => {
    await ws.run(`CREATE VIEW data AS SELECT * FROM read_parquet(${literal(await ws.adopt(await readableFile(deps, key)))})`);
    return fn(ws);
  });
}

/** A page of a stored Parquet table's rows (an artifact's snapshot, a job step's checkpoint), JSON-safe, with the total row count. */
export const sampleParquet = (deps: TProfileDeps, key: string, page: { limit: number; offset: number }): Promise<TSample> =>
  withParquet(deps, key, (ws) => sampleTable(ws, "data", page));

/** The engine's full profile of a stored Parquet table. */
export const profileParquet = (deps: TProfileDeps, key: string): Promise<TProfile> => withParquet(deps, key, (ws) => profileTable(ws, "data"));
