import type { TEngineDeps } from "../aw-engine/run-types.ts";
import type { TConfig } from "../config.ts";
import type { TDb } from "../db/client.ts";
import type { TGlobalConfig, TStep } from "../schemas/index.ts";
import { readCacheOf } from "../storage/read-cache.ts";
import type { TStorage } from "../storage/types.ts";
import type { TLogger } from "../telemetry/logger.ts";
import type { TMetrics } from "../telemetry/metrics.ts";
import { readDefinition } from "../workflows/stored-definition.ts";
import type { TJobEventBus } from "./events.ts";
import { runJob, type TRunEnd } from "./job-run.ts";

export type TRunnerConfig = Pick<
  TConfig,
  | "JOB_TIMEOUT_SECONDS"
  | "JOB_LEASE_SECONDS"
  | "JOB_DEFAULT_MAX_RETRIES"
  | "DUCKDB_MEMORY_LIMIT"
  | "DUCKDB_SPILL_LIMIT"
  | "DUCKDB_THREADS"
  | "workspaceRoot"
  | "databaseProvider"
  | "AW_DATA_DIR"
  | "S3_READ_CACHE_MAX_BYTES"
  | "LLM_BASE_URL"
  | "LLM_API_KEY"
  | "LLM_MODEL"
  | "LLM_TIMEOUT_SECONDS"
  | "decompressedMaxBytes"
  | "TABLE_MAX_COLUMNS"
>;

export type TRunnerDeps = {
  db: TDb;
  storage: TStorage;
  bus: TJobEventBus;
  config: TRunnerConfig;
  workerId: string;
  log: TLogger;
  metrics: TMetrics;
};

export function engineDeps(config: TRunnerConfig, storage: TStorage): TEngineDeps {
  return {
    storage,
    memoryLimit: config.DUCKDB_MEMORY_LIMIT,
    spillLimit: config.DUCKDB_SPILL_LIMIT,
    threads: config.DUCKDB_THREADS,
    workspaceRoot: config.workspaceRoot,
    readCache: readCacheOf(config),
    defaultMaxRetries: config.JOB_DEFAULT_MAX_RETRIES,
    inputLimits: { decompressedMaxBytes: config.decompressedMaxBytes, maxColumns: config.TABLE_MAX_COLUMNS },
    llm:
      config.LLM_BASE_URL && config.LLM_API_KEY
        ? { baseUrl: config.LLM_BASE_URL, apiKey: config.LLM_API_KEY, model: config.LLM_MODEL, timeoutSeconds: config.LLM_TIMEOUT_SECONDS }
        : undefined,
  };
}

/** Workflow versions a runner keeps in memory. */
const VERSIONS_KEPT = 200;

/** Runs queued jobs on this worker, one `run` per job (see JobRun for its phases). */
export function createJobRunner(deps: TRunnerDeps) {
  const { db, storage, config, workerId } = deps;

  // A saved workflow version never changes, so each is read once (the most recent ones are kept).
  const versions = new Map<string, { name: string; steps: TStep[]; globalConfig: TGlobalConfig }>();
  async function pinnedVersion(workflowId: string, version: number) {
    const key = `${workflowId}@${version}`;
    let pinned = versions.get(key);
    if (!pinned) {
      const row = await db.workflowVersion.findUnique({ where: { workflowId_version: { workflowId, version } } });
      if (!row) throw new Error(`workflow version ${version} of ${workflowId} no longer exists`);
      pinned = { name: row.name, ...readDefinition(row, `workflow ${workflowId} version ${version}`) };
      if (versions.size >= VERSIONS_KEPT) versions.delete(versions.keys().next().value!);
      versions.set(key, pinned);
    }
    return pinned;
  }

  async function run(jobId: string, options: { shutdown?: AbortSignal } = {}): Promise<TRunEnd> {
    const started = performance.now();
    const end = await runJob({ ...deps, engine: engineDeps(config, storage), pinnedVersion }, jobId, options.shutdown);
    if (end !== "skipped") deps.log.info({ jobId, end, durationMs: Math.round(performance.now() - started) }, `job run ended: ${end}`);
    return end;
  }

  return { run, workerId };
}

export type TJobRunner = ReturnType<typeof createJobRunner>;
