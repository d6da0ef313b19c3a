import { EXPORT_CONTENT_TYPES, exportTable } from "../aw-engine/export.ts";
import { checkInputLimits } from "../aw-engine/input-limits.ts";
import { loadTable } from "../aw-engine/loading/load-table.ts";
import { withWorkspace } from "../aw-engine/workspace.ts";
import type { TConfig } from "../config.ts";
import type { TDataFormat, TDataMetadata } from "../schemas/data.ts";
import { adoptStoredObject, readCacheOf } from "../storage/read-cache.ts";
import type { TStorage } from "../storage/types.ts";
import { smallerMemoryLimit } from "./memory-limit.ts";

export type TProfileDeps = {
  storage: TStorage;
  config: Pick<
    TConfig,
    | "AW_DATA_DIR"
    | "DUCKDB_MEMORY_LIMIT"
    | "DUCKDB_SPILL_LIMIT"
    | "DUCKDB_THREADS"
    | "workspaceRoot"
    | "S3_READ_CACHE_MAX_BYTES"
    | "decompressedMaxBytes"
    | "TABLE_MAX_COLUMNS"
    | "PROFILE_TIMEOUT_SECONDS"
  >;
};

/** Formats the loading agent can read (gzip is decompressed by it). */
const PROFILABLE = new Set<TDataFormat>(["csv", "tsv", "json", "jsonl", "parquet", "xlsx", "gzip"]);

export const NOT_TABULAR = "not a tabular format the engine reads";

/** Where an artifact's loaded table is kept as Parquet. */
export const snapshotKeyOf = (artifactId: string) => `tables/${artifactId}.parquet`;

/** Inspection runs inside the API process, so DuckDB gets at most this much memory there (it spills beyond). */
const INSPECTION_MEMORY_CAP = "256MB";
export const inspectionMemoryLimit = (config: TProfileDeps["config"]) =>
  smallerMemoryLimit(config.DUCKDB_MEMORY_LIMIT, INSPECTION_MEMORY_CAP);

export const isProfilable = (format: TDataFormat) => PROFILABLE.has(format);

/**
 * Loads the artifact's file once with the loading agent (one thread, capped memory, so uploads and
 * requests keep running), stores the table as a Parquet snapshot and returns the quick profile.
 * The file is checked against the input limits first (decompressed size, header columns) and the
 * profile runs within PROFILE_TIMEOUT_SECONDS and DUCKDB_SPILL_LIMIT. A file the engine cannot
 * read, or that passes a limit, yields `profileStatus: "failed"` with the reason; it throws only
 * when `signal` aborts (the artifact then stays pending and is profiled again later).
 */
export async function profileAndSnapshot(
  { storage, config }: TProfileDeps,
  artifact: { id: string; storageKey: string; filename: string; format: TDataFormat },
  signal: AbortSignal,
): Promise<TDataMetadata> {
  if (!isProfilable(artifact.format)) return { profileStatus: "failed", profileError: NOT_TABULAR };
  // An AbortError, so the loading agent stops instead of retrying; told apart from `signal` below.
  const overtime = new AbortController();
  const timer = setTimeout(
    () => overtime.abort(new DOMException("profile time limit", "AbortError")),
    config.PROFILE_TIMEOUT_SECONDS * 1000,
  );
  const budget = AbortSignal.any([signal, overtime.signal]);
  const limits = { decompressedMaxBytes: config.decompressedMaxBytes, maxColumns: config.TABLE_MAX_COLUMNS };
  try {
    return await withWorkspace(
      {
        memoryLimit: inspectionMemoryLimit(config),
        spillLimit: config.DUCKDB_SPILL_LIMIT,
        threads: 1,
        root: config.workspaceRoot,
        signal: budget,
      },
      async (ws) => {
        const file = await adoptStoredObject(storage, readCacheOf(config), ws, artifact.storageKey);
        ws.nameFile(file, artifact.filename);
        await checkInputLimits(file, artifact.filename, limits, budget);
        const load = await loadTable(ws, { path: file, filename: artifact.filename, table: "data" });
        const snapshot = await exportTable(ws, "data", { format: "parquet", path: ws.file("snapshot.parquet") });
        const snapshotKey = snapshotKeyOf(artifact.id);
        await storage.putFile(snapshotKey, snapshot.path, { contentType: EXPORT_CONTENT_TYPES.parquet, signal });
        const { rowCount, columnCount, columns } = load.tableInfo;
        return { profileStatus: "ready", rowCount, columnCount, columns, loadParams: load.params, snapshotKey };
      },
    );
  } catch (err) {
    if (signal.aborted) throw err;
    const profileError = overtime.signal.aborted
      ? `profiling took longer than the limit of ${config.PROFILE_TIMEOUT_SECONDS} s (PROFILE_TIMEOUT_SECONDS)`
      : err instanceof Error
        ? err.message
        : String(err);
    return { profileStatus: "failed", profileError };
  } finally {
    clearTimeout(timer);
  }
}
