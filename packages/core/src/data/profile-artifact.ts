import { randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import type { TConfig } from "../config.ts";
import { profileFile } from "../aw-engine/profiling/profile-file.ts";
import type { TDataFormat, TDataMetadata } from "../schemas/data.ts";
import type { TStorage } from "../storage/types.ts";

export type TProfileDeps = {
  storage: TStorage;
  config: Pick<TConfig, "AW_DATA_DIR" | "DUCKDB_MEMORY_LIMIT" | "DUCKDB_THREADS">;
};

/** Formats the loading agent can read (gzip is decompressed by it). */
export const PROFILABLE = new Set<TDataFormat>(["csv", "tsv", "json", "jsonl", "parquet", "xlsx", "gzip"]);

/**
 * The quick profile (rows, columns, types) stored in an artifact's metadata. Never throws:
 * a file that cannot be profiled is still a valid upload, so the reason goes into `profileError`.
 */
export async function quickProfileMetadata(
  { storage, config }: TProfileDeps,
  artifact: { storageKey: string; filename: string; format: TDataFormat },
): Promise<TDataMetadata> {
  if (!PROFILABLE.has(artifact.format)) return { profileError: "not a tabular format the engine reads" };
  const tempDir = path.join(config.AW_DATA_DIR, "tmp", `profile-${randomUUID()}`);
  try {
    const file = await storage.toLocalFile(artifact.storageKey, tempDir);
    const { load, quick } = await profileFile({
      path: file,
      filename: artifact.filename,
      memoryLimit: config.DUCKDB_MEMORY_LIMIT,
      threads: config.DUCKDB_THREADS,
      full: false,
    });
    return { rowCount: quick.rowCount, columnCount: quick.columnCount, columns: quick.columns, loadParams: load.params };
  } catch (err) {
    return { profileError: err instanceof Error ? err.message : String(err) };
  } finally {
    await fs.rm(tempDir, { recursive: true, force: true });
  }
}
