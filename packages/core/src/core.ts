import type { TConfig } from "./config.ts";
import { createDb, type TDb } from "./db/client.ts";
import { applyMigrations } from "./db/migrate.ts";
import { createWorkflowService, type TWorkflowService } from "./workflows/service.ts";

/** Everything the server and worker need, built once from config. */
export type TCore = {
  config: TConfig;
  db: TDb;
  workflows: TWorkflowService;
  health(): Promise<THealth>;
  close(): Promise<void>;
};

export type TComponentHealth = { ok: boolean; detail: string };
export type THealth = {
  ok: boolean;
  version: string;
  database: TComponentHealth;
};

async function check(fn: () => Promise<string>): Promise<TComponentHealth> {
  try {
    return { ok: true, detail: await fn() };
  } catch (err) {
    return { ok: false, detail: err instanceof Error ? err.message : String(err) };
  }
}

export async function createCore(config: TConfig): Promise<TCore> {
  const db = createDb(config);
  await applyMigrations(db, config.databaseProvider);
  return {
    config,
    db,
    workflows: createWorkflowService({ db, config }),
    async health() {
      const database = await check(async () => {
        await db.$queryRawUnsafe("SELECT 1");
        return config.databaseProvider;
      });
      return { ok: database.ok, version: config.version, database };
    },
    async close() {
      await db.$disconnect();
    },
  };
}
