import { createAuditService, type TAuditService } from "./audit/service.ts";
import { closeIdleWorkspaces, removeAbandonedWorkspaces } from "./aw-engine/workspace.ts";
import type { TConfig } from "./config.ts";
import { createDb, type TDb } from "./db/client.ts";
import { applyMigrations } from "./db/migrate.ts";
import { createDataService, type TDataService } from "./data/service.ts";
import { createJobSystem } from "./jobs/job-system.ts";
import type { TJobQueue } from "./jobs/queue.ts";
import type { TJobService } from "./jobs/service.ts";
import { createRateLimits, type TRateLimits } from "./rate-limits/limits.ts";
import { createStorage } from "./storage/create-storage.ts";
import { createTelemetry } from "./telemetry/index.ts";
import type { TLogger } from "./telemetry/logger.ts";
import type { TMetrics } from "./telemetry/metrics.ts";
import type { DestinationStream } from "pino";
import { removeAbandonedPartials } from "./storage/local-storage.ts";
import type { TStorage } from "./storage/types.ts";
import { createWorkflowService, type TWorkflowService } from "./workflows/service.ts";

/** Everything the server and worker need, built once from config. */
export type TCore = {
  config: TConfig;
  db: TDb;
  storage: TStorage;
  data: TDataService;
  workflows: TWorkflowService;
  jobs: TJobService;
  audit: TAuditService;
  rateLimits: TRateLimits;
  queue: TJobQueue;
  log: TLogger;
  metrics: TMetrics;
  health(): Promise<THealth>;
  close(): Promise<void>;
};

export type TComponentHealth = { ok: boolean; detail: string };
export type THealth = {
  ok: boolean;
  version: string;
  database: TComponentHealth;
  storage: TComponentHealth;
  queue: TComponentHealth;
};

async function check(fn: () => Promise<string>): Promise<TComponentHealth> {
  try {
    return { ok: true, detail: await fn() };
  } catch (err) {
    return { ok: false, detail: err instanceof Error ? err.message : String(err) };
  }
}

export type TCoreOptions = {
  /** Run jobs in this process even when QUEUE_DRIVER=bullmq (the worker entry). */
  worker?: boolean;
  /** Where log lines go instead of stdout. */
  logDestination?: DestinationStream;
};

export async function createCore(config: TConfig, options: TCoreOptions = {}): Promise<TCore> {
  const { log, metrics } = createTelemetry(config, options.logDestination);
  const db = createDb(config);
  await applyMigrations(db, config.databaseProvider);
  await removeAbandonedWorkspaces(config.workspaceRoot);
  if (config.STORAGE_DRIVER === "local") await removeAbandonedPartials(config.storageLocalRoot);
  const storage = createStorage(config);
  const data = createDataService({ db, storage, config, log, metrics });
  const audit = createAuditService(db);
  const rateLimits = await createRateLimits(config);
  const jobSystem = await createJobSystem({ config, db, storage, data, audit, runJobs: options.worker, log, metrics });
  metrics.gaugeReadAtScrape("aw_jobs", "Jobs by status (all processes, from the database)", ["status"], async () =>
    (await db.job.groupBy({ by: ["status"], _count: { _all: true } })).map((g) => [{ status: g.status }, g._count._all]),
  );
  metrics.gaugeReadAtScrape("aw_queue_jobs", "Jobs in the queue: waiting, and running in this process", ["state"], async () => {
    const stats = await jobSystem.queue.stats();
    return [
      [{ state: "waiting" }, stats.waiting],
      [{ state: "running" }, stats.running],
    ];
  });
  // API processes profile uploads in the background; a profile cut short by a stop is redone here.
  if (!options.worker) await data.resumeProfiles();
  return {
    config,
    db,
    storage,
    data,
    workflows: createWorkflowService({ db, storage, config }),
    jobs: jobSystem.service,
    audit,
    rateLimits,
    queue: jobSystem.queue,
    log,
    metrics,
    async health() {
      const database = await check(async () => {
        await db.$queryRawUnsafe("SELECT 1");
        return config.databaseProvider;
      });
      const storageHealth = await check(async () => {
        await storage.ping();
        return storage.driver;
      });
      const queue = await check(() => jobSystem.describe());
      return { ok: database.ok && storageHealth.ok && queue.ok, version: config.version, database, storage: storageHealth, queue };
    },
    async close() {
      await data.close();
      await jobSystem.close();
      await rateLimits.close();
      await db.$disconnect();
      await closeIdleWorkspaces();
    },
  };
}
