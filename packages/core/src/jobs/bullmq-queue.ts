import { Queue, Worker, type Job as BullJob } from "bullmq";
import { connectRedis } from "../redis.ts";
import type { TDb } from "../db/client.ts";
import type { TStorage } from "../storage/types.ts";
import type { TJobEventBus } from "./events.ts";
import type { TLogger } from "../telemetry/logger.ts";
import { every, type TPeriodicHandle } from "./periodic.ts";
import type { TJobQueue } from "./queue.ts";
import { MAX_RECOVERIES, recoverOrphan, recoverOrphans } from "./recovery.ts";
import type { TJobRunner } from "./runner.ts";

export type TBullmqQueueDeps = {
  db: TDb;
  storage: TStorage;
  bus: TJobEventBus;
  /** null: this process only enqueues (an API process); workers run the jobs. */
  runner: TJobRunner | null;
  redisUrl: string;
  prefix: string;
  concurrency: number;
  leaseSeconds: number;
  log: TLogger;
};

const QUEUE_NAME = "jobs";
const STATS_TIMEOUT_MS = 2000;
type TPayload = { jobId: string };

const redis = (url: string) => connectRedis(url);

/**
 * Redis-backed driver for scaling out: any process enqueues, worker processes run jobs. BullMQ's
 * lock is the job's lease: when a worker dies its lock lapses, another worker's stalled check
 * hands the job out again, and the runner resumes it from its last checkpoint.
 */
export async function createBullmqQueue(deps: TBullmqQueueDeps): Promise<TJobQueue> {
  const { db, runner, concurrency } = deps;
  const leaseMs = deps.leaseSeconds * 1000;
  const connection = redis(deps.redisUrl);
  const queue = new Queue<TPayload>(QUEUE_NAME, { connection, prefix: deps.prefix });
  await queue.waitUntilReady();
  let worker: Worker<TPayload> | null = null;
  let shutdown = new AbortController();
  let timers: TPeriodicHandle[] = [];
  let running = 0;

  async function enqueue(jobId: string) {
    // No custom BullMQ id: a job can be enqueued again (after approval) while its last entry is still finishing.
    await queue.add("run", { jobId }, { removeOnComplete: true, removeOnFail: true });
  }

  async function process(entry: BullJob<TPayload>, r: TJobRunner) {
    const { jobId } = entry.data;
    const lease = await db.job.findUnique({ where: { id: jobId }, select: { status: true, leaseOwner: true, heartbeatAt: true } });
    if (!lease) return;
    if (lease.status === "running" && lease.leaseOwner !== r.workerId) {
      // Handed out again after a stall. A holder that still heartbeats is alive: leave it the job.
      const alive = lease.heartbeatAt && Date.now() - lease.heartbeatAt.getTime() < leaseMs / 2;
      const row = alive ? null : await db.job.findUnique({ where: { id: jobId } });
      if (!row || !(await recoverOrphan(deps, row))) return;
    }
    running++;
    try {
      if ((await r.run(jobId, { shutdown: shutdown.signal })) === "requeued") await enqueue(jobId);
    } finally {
      running--;
    }
  }

  return {
    driver: "bullmq",
    enqueue,
    async start(tasks = []) {
      if (!runner || worker) return;
      shutdown = new AbortController();
      const recover = () => recoverOrphans(deps, { workerId: runner.workerId, leaseMs }, enqueue);
      await recover();
      worker = new Worker<TPayload>(QUEUE_NAME, (entry) => process(entry, runner), {
        connection: redis(deps.redisUrl),
        prefix: deps.prefix,
        concurrency,
        name: runner.workerId,
        lockDuration: leaseMs,
        stalledInterval: Math.max(500, leaseMs / 2),
        // Our own recovery count decides when to give up; BullMQ's limit is only a backstop.
        maxStalledCount: MAX_RECOVERIES + 1,
      });
      worker.on("error", (err) => deps.log.error({ err }, "BullMQ worker error"));
      await worker.waitUntilReady();
      timers = [{ name: "orphan recovery", everyMs: Math.max(500, leaseMs / 2), run: recover }, ...tasks].map((task) =>
        every(task, deps.log),
      );
    },
    async stop() {
      await Promise.all(timers.map((t) => t.stop()));
      timers = [];
      shutdown.abort();
      await worker?.close();
      worker = null;
      await queue.close();
      await connection.quit().catch(() => {});
    },
    async cancel(jobId) {
      await deps.bus.publish({ kind: "cancel", jobId });
    },
    async stats() {
      // Commands wait for Redis forever (maxRetriesPerRequest: null); a health check must not.
      const counts = await Promise.race([
        queue.getJobCounts("waiting", "prioritized", "delayed"),
        new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error(`Redis did not answer within ${STATS_TIMEOUT_MS} ms`)), STATS_TIMEOUT_MS).unref(),
        ),
      ]);
      const waiting = Object.values(counts).reduce((a, b) => a + b, 0);
      return { driver: "bullmq", runsJobs: runner !== null, concurrency: runner ? concurrency : 0, running, waiting };
    },
  };
}
