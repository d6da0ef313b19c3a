import { randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { profileTable } from "../aw-engine/profiling/profile-table.ts";
import type { TProfile } from "../aw-engine/profiling/types.ts";
import { sampleTable, type TSample } from "../aw-engine/sample.ts";
import { literal, withWorkspace, type Workspace } from "../aw-engine/workspace.ts";
import { invalid } from "../errors.ts";
import { inspectionMemoryLimit, type TProfileDeps } from "./profile-artifact.ts";

export const notATable = (artifact: { filename: string }, reason: string) => invalid(`${artifact.filename} is not a table the engine can read: ${reason}`);

/** S3 snapshots are downloaded once into this folder (artifacts are immutable), local ones read in place. */
export const cachedSnapshotPath = (config: TProfileDeps["config"], artifactId: string) => path.join(config.AW_DATA_DIR, "cache", "tables", `${artifactId}.parquet`);

async function snapshotFile({ storage, config }: TProfileDeps, artifactId: string, snapshotKey: string): Promise<string> {
  if (storage.driver === "local") return storage.toLocalFile(snapshotKey, config.AW_DATA_DIR);
  const cached = cachedSnapshotPath(config, artifactId);
  if (await fs.stat(cached).catch(() => null)) return cached;
  const tempDir = path.join(config.AW_DATA_DIR, "tmp", `snapshot-${randomUUID()}`);
  try {
    const file = await storage.toLocalFile(snapshotKey, tempDir);
    await fs.mkdir(path.dirname(cached), { recursive: true });
    await fs.rename(file, cached);
    return cached;
  } finally {
    await fs.rm(tempDir, { recursive: true, force: true });
  }
}

/** Runs `fn` against a stored Parquet table as the view `data`; `localFile` makes it readable in the workspace. */
function withParquet<T>(deps: TProfileDeps, localFile: (ws: Workspace) => Promise<string>, fn: (ws: Workspace) => Promise<T>): Promise<T> {
  return withWorkspace({ memoryLimit: inspectionMemoryLimit(deps.config), threads: deps.config.DUCKDB_THREADS, root: deps.config.workspaceRoot }, async (ws) => {
    await ws.run(`CREATE VIEW data AS SELECT * FROM read_parquet(${literal(await ws.adopt(await localFile(ws)))})`);
    return fn(ws);
  });
}

const withSnapshot = <T>(deps: TProfileDeps, artifact: { id: string; snapshotKey: string }, fn: (ws: Workspace) => Promise<T>): Promise<T> =>
  withParquet(deps, () => snapshotFile(deps, artifact.id, artifact.snapshotKey), fn);

/** A page of the snapshot's rows, JSON-safe, with the total row count. */
export const sampleSnapshot = (deps: TProfileDeps, artifact: { id: string; snapshotKey: string }, page: { limit: number; offset: number }): Promise<TSample> =>
  withSnapshot(deps, artifact, (ws) => sampleTable(ws, "data", page));

/** A page of a stored Parquet table that is no artifact (a job step's checkpoint); from S3 it is downloaded for each read. */
export const sampleParquetObject = (deps: TProfileDeps, key: string, page: { limit: number; offset: number }): Promise<TSample> =>
  withParquet(deps, (ws) => deps.storage.toLocalFile(key, ws.dir), (ws) => sampleTable(ws, "data", page));

/** The engine's full profile of the snapshot. */
export const profileSnapshot = (deps: TProfileDeps, artifact: { id: string; snapshotKey: string }): Promise<TProfile> =>
  withSnapshot(deps, artifact, (ws) => profileTable(ws, "data"));
