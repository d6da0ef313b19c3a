import type { TConfig } from "../config.ts";
import type { TDb } from "../db/client.ts";
import type { TStorage } from "../storage/types.ts";
import { createLocalEventBus, type TJobEventBus } from "./events.ts";
import { createLocalQueue } from "./local-queue.ts";
import type { TJobQueue, TPeriodicTask } from "./queue.ts";
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

/**
 * Builds the event bus, queue driver, runner and service from config and starts the queue.
 * `runJobs: false` (an API process with bullmq) only enqueues and streams.
 */
export async function createJobSystem({ config, db, storage }: { config: TConfig; db: TDb; storage: TStorage; runJobs?: boolean }): Promise<TJobSystem> {
  if (config.QUEUE_DRIVER !== "local") throw new Error(`queue driver ${config.QUEUE_DRIVER} is not available yet`);
  const workerId = newWorkerId();
  const bus = createLocalEventBus();
  const runner = createJobRunner({ db, storage, bus, config, workerId });
  const queue = createLocalQueue({ db, storage, bus, runner, concurrency: config.JOB_CONCURRENCY, leaseSeconds: config.JOB_LEASE_SECONDS });
  const service = createJobService({ db, bus, queue, config });
  const tasks: TPeriodicTask[] = [{ name: "approval timeouts", everyMs: APPROVAL_SWEEP_MS, run: async () => void (await service.sweepApprovalTimeouts()) }];
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
