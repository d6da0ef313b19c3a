import { closeIdleWorkspaces, removeAbandonedWorkspaces } from "./aw-engine/workspace.ts";
import type { TConfig } from "./config.ts";
import { createDb, type TDb } from "./db/client.ts";
import { applyMigrations } from "./db/migrate.ts";
import { createDataService, type TDataService } from "./data/service.ts";
import { createJobSystem } from "./jobs/job-system.ts";
import type { TJobQueue } from "./jobs/queue.ts";
import type { TJobService } from "./jobs/service.ts";
import { createStorage } from "./storage/create-storage.ts";
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
  queue: TJobQueue;
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

/** `worker: true` makes this process run jobs even when QUEUE_DRIVER=bullmq (the worker entry). */
export async function createCore(config: TConfig, options: { worker?: boolean } = {}): Promise<TCore> {
  const db = createDb(config);
  await applyMigrations(db, config.databaseProvider);
  await removeAbandonedWorkspaces(config.workspaceRoot);
  if (config.STORAGE_DRIVER === "local") await removeAbandonedPartials(config.storageLocalRoot);
  const storage = createStorage(config);
  const data = createDataService({ db, storage, config });
  const jobSystem = await createJobSystem({ config, db, storage, data, runJobs: options.worker });
  // API processes profile uploads in the background; a profile cut short by a stop is redone here.
  if (!options.worker) await data.resumeProfiles();
  return {
    config,
    db,
    storage,
    data,
    workflows: createWorkflowService({ db, storage, config }),
    jobs: jobSystem.service,
    queue: jobSystem.queue,
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
      await db.$disconnect();
      await closeIdleWorkspaces();
    },
  };
}
