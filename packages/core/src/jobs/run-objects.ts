// The storage objects a job's runs leave under `runs/<jobId>/`, and their removal when the job goes.
import fs from "node:fs/promises";
import type { TConfig } from "../config.ts";
import type { TDb } from "../db/client.ts";
import { cachedObjectPath, readCacheOf } from "../storage/read-cache.ts";
import type { TStorage } from "../storage/types.ts";
import { readMetadata } from "./job-metadata.ts";

export type TRunObjectDeps = { storage: TStorage; config: Pick<TConfig, "AW_DATA_DIR" | "S3_READ_CACHE_MAX_BYTES"> };

type TJobFiles = { id: string; metadata: unknown };

const outputKey = (metadata: Record<string, unknown> | undefined) => (metadata?.output as { storageKey?: unknown } | undefined)?.storageKey;

/**
 * What the job's metadata records it stored: each step's checkpoint and each export's file. Only
 * keys under its own `runs/<jobId>/`: a retry from a failed step points at its original's checkpoints.
 */
export function runObjectKeys(job: TJobFiles): string[] {
  const prefix = `runs/${job.id}/`;
  const keys = readMetadata(job.metadata, job.id).steps.flatMap((step) => [
    step?.checkpointKey,
    step?.linksCheckpointKey,
    outputKey(step?.metadata),
  ]);
  return [...new Set(keys.filter((key): key is string => typeof key === "string" && key.startsWith(prefix)))];
}

/** Storage keys of the artifacts these jobs produced (file and table snapshot): they are data of their own and stay. */
export async function resultArtifactKeys(db: TDb, jobIds: string[]): Promise<Set<string>> {
  const artifacts = await db.dataArtifact.findMany({
    where: { sourceJobId: { in: jobIds } },
    select: { storageKey: true, metadata: true },
  });
  const snapshot = (metadata: unknown) => (metadata as { snapshotKey?: unknown } | null)?.snapshotKey;
  return new Set(artifacts.flatMap((a) => [a.storageKey, snapshot(a.metadata)]).filter((key): key is string => typeof key === "string"));
}

/**
 * Deletes what the jobs' runs stored, except the `kept` keys, and every cached copy under their
 * `runs/<jobId>/` on this host. Called once the rows are gone: a crash in between leaves stray
 * objects, never rows without files. Returns how many objects it deleted.
 */
export async function deleteRunObjects({ storage, config }: TRunObjectDeps, jobs: TJobFiles[], kept: Set<string>): Promise<number> {
  let deleted = 0;
  for (const job of jobs) {
    for (const key of runObjectKeys(job)) {
      if (kept.has(key)) continue;
      await storage.delete(key);
      deleted += 1;
    }
    await fs.rm(cachedObjectPath(readCacheOf(config), `runs/${job.id}`), { recursive: true, force: true });
  }
  return deleted;
}
