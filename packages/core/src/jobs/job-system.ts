import type { TAuditService } from "../audit/service.ts";
import type { TConfig } from "../config.ts";
import type { TDataService } from "../data/service.ts";
import type { TDb } from "../db/client.ts";
import type { TStorage } from "../storage/types.ts";
import type { TLogger } from "../telemetry/logger.ts";
import type { TMetrics } from "../telemetry/metrics.ts";
import { createBullmqQueue } from "./bullmq-queue.ts";
import { createLocalEventBus, createRedisEventBus, type TJobEventBus } from "./events.ts";
import { createLocalQueue } from "./local-queue.ts";
import type { TJobQueue, TPeriodicTask } from "./queue.ts";
import { sweepRetention } from "./retention.ts";
import { createJobRunner } from "./runner.ts";
import { createJobService, type TJobService } from "./service.ts";
import { newWorkerId } from "./worker-id.ts";

export type TJobSystem = {
  workerId: string;
  bus: TJobEventBus;
  queue: TJobQueue;
  service: TJobService;
  /** "local, concurrency 2, 1 running, 0 waiting" */
  describe(): Promise<string>;
  close(): Promise<void>;
};

/** How often overdue approvals are decided. */
const APPROVAL_SWEEP_MS = 2000;

export type TJobSystemDeps = {
  config: TConfig;
  db: TDb;
  storage: TStorage;
  /** Deletes expired results (with their snapshots). */
  data: Pick<TDataService, "delete">;
  /** Its events have their own retention (AUDIT_RETENTION_DAYS). */
  audit: Pick<TAuditService, "sweep">;
  /** Run jobs here even when QUEUE_DRIVER=bullmq (the worker entry). */
  runJobs?: boolean;
  log: TLogger;
  metrics: TMetrics;
};

/**
 * Builds the event bus, queue driver, runner and service from config and starts the queue.
 * With bullmq an API process only enqueues and streams, unless `runJobs` (the worker entry) or
 * QUEUE_EMBEDDED_WORKER; the local driver always runs jobs in this process.
 */
export async function createJobSystem({
  config,
  db,
  storage,
  data,
  audit,
  runJobs = false,
  log,
  metrics,
}: TJobSystemDeps): Promise<TJobSystem> {
  const workerId = newWorkerId();
  const runnerDeps = { db, storage, config, workerId, log, metrics };
  const common = { db, storage, concurrency: config.JOB_CONCURRENCY, leaseSeconds: config.JOB_LEASE_SECONDS, log };
  let bus: TJobEventBus;
  let queue: TJobQueue;
  if (config.QUEUE_DRIVER === "bullmq") {
    if (!config.REDIS_URL) throw new Error("REDIS_URL is required when QUEUE_DRIVER=bullmq");
    bus = await createRedisEventBus(config.REDIS_URL, config.QUEUE_PREFIX);
    const runner = runJobs || config.QUEUE_EMBEDDED_WORKER ? createJobRunner({ ...runnerDeps, bus }) : null;
    queue = await createBullmqQueue({ ...common, bus, runner, redisUrl: config.REDIS_URL, prefix: config.QUEUE_PREFIX });
  } else {
    bus = createLocalEventBus();
    queue = createLocalQueue({ ...common, bus, runner: createJobRunner({ ...runnerDeps, bus }) });
  }
  const service = createJobService({ db, bus, queue, storage, config });
  const tasks: TPeriodicTask[] = [
    { name: "approval timeouts", everyMs: APPROVAL_SWEEP_MS, run: async () => void (await service.sweepApprovalTimeouts()) },
  ];
  if (config.RETENTION_DAYS > 0) {
    tasks.push({
      name: "retention",
      everyMs: config.RETENTION_INTERVAL_MINUTES * 60_000,
      run: async () => void (await sweepRetention({ db, storage, data, config }, { days: config.RETENTION_DAYS })),
    });
  }
  if (config.AUDIT_RETENTION_DAYS > 0) {
    tasks.push({
      name: "audit retention",
      everyMs: config.RETENTION_INTERVAL_MINUTES * 60_000,
      run: async () => void (await audit.sweep({ days: config.AUDIT_RETENTION_DAYS })),
    });
  }
  await queue.start(tasks);
  return {
    workerId,
    bus,
    queue,
    service,
    async describe() {
      const s = await queue.stats();
      return `${s.driver}${s.runsJobs ? `, concurrency ${s.concurrency}, ${s.running} running` : ", enqueue only"}, ${s.waiting} waiting`;
    },
    async close() {
      await queue.stop();
      await bus.close();
    },
  };
}
