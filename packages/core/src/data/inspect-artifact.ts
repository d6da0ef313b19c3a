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

/** Runs `fn` against the artifact's snapshot as the view `data`. */
async function withSnapshot<T>(deps: TProfileDeps, artifact: { id: string; snapshotKey: string }, fn: (ws: Workspace) => Promise<T>): Promise<T> {
  const file = await snapshotFile(deps, artifact.id, artifact.snapshotKey);
  return withWorkspace({ memoryLimit: inspectionMemoryLimit(deps.config), threads: deps.config.DUCKDB_THREADS, root: deps.config.workspaceRoot }, async (ws) => {
    await ws.run(`CREATE VIEW data AS SELECT * FROM read_parquet(${literal(await ws.adopt(file))})`);
    return fn(ws);
  });
}

/** A page of the snapshot's rows, JSON-safe, with the total row count. */
export const sampleSnapshot = (deps: TProfileDeps, artifact: { id: string; snapshotKey: string }, page: { limit: number; offset: number }): Promise<TSample> =>
  withSnapshot(deps, artifact, (ws) => sampleTable(ws, "data", page));

/** The engine's full profile of the snapshot. */
export const profileSnapshot = (deps: TProfileDeps, artifact: { id: string; snapshotKey: string }): Promise<TProfile> =>
  withSnapshot(deps, artifact, (ws) => profileTable(ws, "data"));
