import type { TDb } from "../db/client.ts";
import type { TStorage } from "../storage/types.ts";
import type { TLogger } from "../telemetry/logger.ts";
import type { TJobEventBus } from "./events.ts";
import { every, type TPeriodicHandle } from "./periodic.ts";
import type { TJobQueue } from "./queue.ts";
import { recoverOrphans } from "./recovery.ts";
import type { TJobRunner } from "./runner.ts";

export type TLocalQueueDeps = {
  db: TDb;
  storage: TStorage;
  bus: TJobEventBus;
  runner: TJobRunner;
  concurrency: number;
  leaseSeconds: number;
  log: TLogger;
};

/**
 * The embedded driver: jobs run in this process, `concurrency` at a time. Durable through the
 * DB: on start it resumes jobs a dead process left `running` and runs the `queued` ones.
 */
export function createLocalQueue(deps: TLocalQueueDeps): TJobQueue {
  const { db, runner, concurrency } = deps;
  const leaseMs = deps.leaseSeconds * 1000;
  const waiting: string[] = [];
  const running = new Map<string, Promise<void>>();
  let shutdown = new AbortController();
  let started = false;
  let timers: TPeriodicHandle[] = [];

  function pump() {
    while (started && running.size < concurrency) {
      // A job re-enqueued while its previous run is still finishing waits for that run to end.
      const index = waiting.findIndex((id) => !running.has(id));
      if (index < 0) return;
      const [jobId] = waiting.splice(index, 1) as [string];
      const done = runner
        .run(jobId, { shutdown: shutdown.signal })
        .then(
          () => {},
          (err: unknown) => deps.log.error({ err, jobId }, "job run failed"),
        )
        .finally(() => {
          running.delete(jobId);
          pump();
        });
      running.set(jobId, done);
    }
  }

  // async although nothing is awaited: TJobQueue.enqueue is async (BullMQ's awaits Redis), and a throw here rejects.
  // eslint-disable-next-line @typescript-eslint/require-await
  async function enqueue(jobId: string) {
    if (!waiting.includes(jobId)) waiting.push(jobId);
    pump();
  }

  const recover = () => recoverOrphans(deps, { workerId: runner.workerId, leaseMs }, enqueue);

  return {
    driver: "local",
    enqueue,
    async start(tasks = []) {
      if (started) return;
      started = true;
      shutdown = new AbortController();
      await recover();
      const queued = await db.job.findMany({ where: { status: "queued" }, orderBy: { createdAt: "asc" }, select: { id: true } });
      for (const { id } of queued) await enqueue(id);
      timers = [{ name: "orphan recovery", everyMs: Math.max(500, leaseMs / 2), run: recover }, ...tasks].map((task) =>
        every(task, deps.log),
      );
    },
    async stop() {
      started = false;
      await Promise.all(timers.map((t) => t.stop()));
      timers = [];
      shutdown.abort();
      await Promise.allSettled(running.values());
    },
    async cancel(jobId) {
      const index = waiting.indexOf(jobId);
      if (index >= 0) waiting.splice(index, 1);
      await deps.bus.publish({ kind: "cancel", jobId });
    },
    stats() {
      return Promise.resolve({ driver: "local", runsJobs: true, concurrency, running: running.size, waiting: waiting.length });
    },
  };
}
