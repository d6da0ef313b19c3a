import { randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { profileFile } from "../aw-engine/profiling/profile-file.ts";
import type { TProfile } from "../aw-engine/profiling/types.ts";
import { sampleFile, type TSample } from "../aw-engine/sample.ts";
import { invalid } from "../errors.ts";
import type { TDataArtifact } from "./artifact.ts";
import type { TProfileDeps } from "./profile-artifact.ts";
import { PROFILABLE } from "./profile-artifact.ts";

const notATable = (artifact: TDataArtifact, reason: string) => invalid(`${artifact.filename} is not a table the engine can read: ${reason}`);

/** Runs `fn` on a local copy of the artifact's file; engine read failures become INVALID. */
async function withArtifactFile<T>({ storage, config }: TProfileDeps, artifact: TDataArtifact, fn: (file: string) => Promise<T>): Promise<T> {
  if (artifact.metadata.profileError) throw notATable(artifact, artifact.metadata.profileError);
  if (!PROFILABLE.has(artifact.format)) throw notATable(artifact, "not a tabular format the engine reads");
  const tempDir = path.join(config.AW_DATA_DIR, "tmp", `inspect-${randomUUID()}`);
  try {
    const file = await storage.toLocalFile(artifact.storageKey, tempDir);
    return await fn(file).catch((err: unknown) => {
      throw notATable(artifact, err instanceof Error ? err.message : String(err));
    });
  } finally {
    await fs.rm(tempDir, { recursive: true, force: true });
  }
}

export function sampleArtifact(deps: TProfileDeps, artifact: TDataArtifact, page: { limit: number; offset: number }): Promise<TSample> {
  return withArtifactFile(deps, artifact, (file) =>
    sampleFile({ path: file, filename: artifact.filename, memoryLimit: deps.config.DUCKDB_MEMORY_LIMIT, threads: deps.config.DUCKDB_THREADS, ...page }),
  );
}

export function profileArtifact(deps: TProfileDeps, artifact: TDataArtifact): Promise<TProfile> {
  return withArtifactFile(deps, artifact, async (file) => {
    const { profile } = await profileFile({ path: file, filename: artifact.filename, memoryLimit: deps.config.DUCKDB_MEMORY_LIMIT, threads: deps.config.DUCKDB_THREADS, full: true });
    return profile!;
  });
}
