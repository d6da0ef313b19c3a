import { EXPORT_CONTENT_TYPES, exportTable } from "../aw-engine/export.ts";
import { loadTable } from "../aw-engine/loading/load-table.ts";
import { withWorkspace } from "../aw-engine/workspace.ts";
import type { TConfig } from "../config.ts";
import type { TDataFormat, TDataMetadata } from "../schemas/data.ts";
import { adoptStoredObject, readCacheOf } from "../storage/read-cache.ts";
import type { TStorage } from "../storage/types.ts";
import { smallerMemoryLimit } from "./memory-limit.ts";

export type TProfileDeps = {
  storage: TStorage;
  config: Pick<TConfig, "AW_DATA_DIR" | "DUCKDB_MEMORY_LIMIT" | "DUCKDB_THREADS" | "workspaceRoot" | "S3_READ_CACHE_MAX_BYTES">;
};

/** Formats the loading agent can read (gzip is decompressed by it). */
const PROFILABLE = new Set<TDataFormat>(["csv", "tsv", "json", "jsonl", "parquet", "xlsx", "gzip"]);

export const NOT_TABULAR = "not a tabular format the engine reads";

/** Where an artifact's loaded table is kept as Parquet. */
export const snapshotKeyOf = (artifactId: string) => `tables/${artifactId}.parquet`;

/** Inspection runs inside the API process, so DuckDB gets at most this much memory there (it spills beyond). */
const INSPECTION_MEMORY_CAP = "256MB";
export const inspectionMemoryLimit = (config: TProfileDeps["config"]) => smallerMemoryLimit(config.DUCKDB_MEMORY_LIMIT, INSPECTION_MEMORY_CAP);

export const isProfilable = (format: TDataFormat) => PROFILABLE.has(format);

/**
 * Loads the artifact's file once with the loading agent (one thread, capped memory, so uploads and
 * requests keep running), stores the table as a Parquet snapshot and returns the quick profile.
 * A file the engine cannot read yields `profileStatus: "failed"` with the reason; it throws only
 * when `signal` aborts (the artifact then stays pending and is profiled again later).
 */
export async function profileAndSnapshot(
  { storage, config }: TProfileDeps,
  artifact: { id: string; storageKey: string; filename: string; format: TDataFormat },
  signal: AbortSignal,
): Promise<TDataMetadata> {
  if (!isProfilable(artifact.format)) return { profileStatus: "failed", profileError: NOT_TABULAR };
  try {
    return await withWorkspace({ memoryLimit: inspectionMemoryLimit(config), threads: 1, root: config.workspaceRoot, signal }, async (ws) => {
      const file = await adoptStoredObject(storage, readCacheOf(config), ws, artifact.storageKey);
      const load = await loadTable(ws, { path: file, filename: artifact.filename, table: "data" });
      const snapshot = await exportTable(ws, "data", { format: "parquet", path: ws.file("snapshot.parquet") });
      const snapshotKey = snapshotKeyOf(artifact.id);
      await storage.putFile(snapshotKey, snapshot.path, { contentType: EXPORT_CONTENT_TYPES.parquet, signal });
      const { rowCount, columnCount, columns } = load.tableInfo;
      return { profileStatus: "ready", rowCount, columnCount, columns, loadParams: load.params, snapshotKey };
    });
  } catch (err) {
    if (signal.aborted) throw err;
    return { profileStatus: "failed", profileError: err instanceof Error ? err.message : String(err) };
  }
}
