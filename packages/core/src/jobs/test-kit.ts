// Test-only: a real database, storage and job system in a temp folder, plus tiny workflows.
/* eslint-disable no-restricted-properties -- tests choose their Redis through AW_TEST_REDIS_URL */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { Redis } from "ioredis";
import { createAuditService } from "../audit/service.ts";
import { loadConfig, type TConfig } from "../config.ts";
import { createDataService } from "../data/service.ts";
import { createDb, type TDb } from "../db/client.ts";
import { applyMigrations } from "../db/migrate.ts";
import type { TDbProvider } from "../db/migrate.ts";
import { createTestDatabase } from "../db/test-databases.ts";
import { patience } from "../test-patience.ts";
import { serviceAvailable } from "../test-services.ts";
import type { TJobStatus, TStepInput, TWorkflowDefinitionInput } from "../schemas/index.ts";
import { ZWorkflowDefinitionSchema } from "../schemas/index.ts";
import { createStorage } from "../storage/create-storage.ts";
import { createWorkflowService } from "../workflows/service.ts";
import { createTelemetry } from "../telemetry/index.ts";
import { createJobSystem, type TJobSystem } from "./job-system.ts";

export const CSV = "id,name,x,y\n1,alpha,0.5,1.5\n2,beta,1.5,2.5\n3,gamma,2.5,3.5\n";

export const load: TStepInput = { type: "loading", name: "Load", config: { format: "csv" } };
export const exportCsv: TStepInput = { type: "export", name: "Export", config: { format: "csv" } };
/** Copies of the run's table in the slow check's cross join: 3 rows each make 3^22 ≈ 3·10^10 combinations. */
const SLOW_COPIES = Array.from({ length: 22 }, (_, i) => `t${i}`);
/**
 * Real work that takes minutes and stops at once when DuckDB is interrupted: an aggregate over a
 * 22-fold self cross join of the run's own table (3 rows or more), which the SQL guard allows.
 */
export const slowCheck: TStepInput = {
  type: "validation",
  name: "Slow check",
  maxRetries: 0,
  config: {
    spec: {
      kind: "functional",
      check: "sql",
      sql: `SELECT s FROM (SELECT sum(hash(${SLOW_COPIES.map((t) => `${t}.rowid`).join(" + ")})) AS s FROM ${SLOW_COPIES.map((t) => `data ${t}`).join(", ")}) WHERE s = 0`,
    },
  },
};
/** Fails on every row. */
export const failingCheck: TStepInput = {
  type: "validation",
  name: "Always fails",
  maxRetries: 0,
  config: { spec: { kind: "functional", check: "sql", sql: "SELECT * FROM data" } },
};

export type TJobTestbed = Awaited<ReturnType<typeof startJobTestbed>>;

/** A job system on a fresh database (SQLite unless told) with local storage in a temp folder. */
export async function startJobTestbed(
  options: {
    env?: Record<string, string>;
    provider?: TDbProvider;
    /** Used as is and never dropped. */ databaseUrl?: string;
    dataDir?: string;
  } = {},
) {
  const database = options.databaseUrl
    ? { url: options.databaseUrl, drop: async () => {} }
    : await createTestDatabase(options.provider ?? "sqlite");
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "aw-jobs-"));
  const config: TConfig = loadConfig({
    AW_DATA_DIR: dataDir,
    DATABASE_URL: database.url,
    NODE_ENV: "test",
    LOG_LEVEL: "warn",
    JOB_CONCURRENCY: "2",
    ...options.env,
  });
  const db: TDb = createDb(config);
  await applyMigrations(db, config.databaseProvider);
  const storage = createStorage(config);
  const telemetry = createTelemetry(config);
  const data = createDataService({ db, storage, config, ...telemetry });
  const workflows = createWorkflowService({ db, storage, config });
  const system: TJobSystem = await createJobSystem({ config, db, storage, data, audit: createAuditService(db), ...telemetry });
  const jobs = system.service;

  return {
    config,
    db,
    storage,
    data,
    workflows,
    system,
    jobs,
    database,
    dataDir,
    upload: (text = CSV, filename = "points.csv") => data.ingestUpload({ filename, stream: Readable.from([Buffer.from(text)]) }),
    workflow: (steps: TStepInput[], globalConfig: TWorkflowDefinitionInput["globalConfig"] = {}) =>
      workflows.create(ZWorkflowDefinitionSchema.parse({ name: `wf ${steps.map((s) => s.type).join("+")}`, steps, globalConfig })),
    /** Polls the job row (the source of truth) until it reaches one of `statuses`. */
    async waitFor(id: string, statuses: TJobStatus[], timeoutMs = patience()) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const job = await db.job.findUniqueOrThrow({ where: { id } });
        if (statuses.includes(job.status as TJobStatus)) return job;
        if (Date.now() > until) throw new Error(`job ${id} is ${job.status} after ${timeoutMs} ms, expected ${statuses.join("|")}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    /** Closes everything; `keep` leaves the database and files for a successor. */
    async close({ keep = false } = {}) {
      await data.close();
      await system.close();
      await db.$disconnect();
      if (!keep) {
        await database.drop();
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
}

export const REDIS_TEST_URL = process.env.AW_TEST_REDIS_URL || "redis://127.0.0.1:6379";

/**
 * Env for a BullMQ job system on a queue prefix of its own, and `clean()` to delete its keys;
 * null (after saying why, once) when Redis does not answer.
 */
export async function redisTestEnv() {
  let client: Redis | undefined;
  const connect = async () => {
    const attempt = new Redis(REDIS_TEST_URL, {
      maxRetriesPerRequest: 1,
      connectTimeout: 5000,
      lazyConnect: true,
      retryStrategy: () => null,
    });
    attempt.on("error", () => {});
    try {
      await attempt.connect();
      await attempt.ping();
      client = attempt;
    } catch (err) {
      attempt.disconnect();
      throw err;
    }
  };
  if (!(await serviceAvailable(`Redis at ${REDIS_TEST_URL}`, connect, "Start redis-server there or set AW_TEST_REDIS_URL.")) || !client)
    return null;
  const redis = client;
  const prefix = `awtest-${crypto.randomBytes(4).toString("hex")}`;
  return {
    prefix,
    env: { QUEUE_DRIVER: "bullmq", REDIS_URL: REDIS_TEST_URL, QUEUE_PREFIX: prefix },
    async clean() {
      let cursor = "0";
      do {
        const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
        if (keys.length) await redis.del(...keys);
        cursor = next;
      } while (cursor !== "0");
      await redis.quit();
    },
  };
}
