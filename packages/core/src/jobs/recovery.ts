import type { TDb } from "../db/client.ts";
import type { TStorage } from "../storage/types.ts";
import type { TJobEventBus } from "./events.ts";
import { appendJobLog } from "./job-log.ts";
import { metadataJson, readMetadata, resumePoint } from "./job-metadata.ts";
import { toJobState } from "./job-state.ts";
import { isDeadLocalWorker } from "./worker-id.ts";

/** A job whose worker died this many times is failed instead of resumed again (it may be what kills them). */
export const MAX_RECOVERIES = 2;

type TOrphan = Awaited<ReturnType<TDb["job"]["findFirstOrThrow"]>>;
export type TRecoveryDeps = { db: TDb; storage: TStorage; bus: TJobEventBus };

/** `running` jobs whose worker is gone: no sign of life for a lease, or a dead process on this host. */
export async function findOrphans(db: TDb, { workerId, leaseMs }: { workerId: string; leaseMs: number }): Promise<TOrphan[]> {
  const running = await db.job.findMany({ where: { status: "running", NOT: { leaseOwner: workerId } } });
  const staleBefore = Date.now() - leaseMs;
  return running.filter((j) => !j.leaseOwner || !j.heartbeatAt || j.heartbeatAt.getTime() < staleBefore || isDeadLocalWorker(j.leaseOwner));
}

/**
 * Puts an orphaned job back in the queue to resume after its last completed step, or fails it
 * with the reason when it cannot be resumed. Returns true when it was re-queued.
 */
export async function recoverOrphan({ db, storage, bus }: TRecoveryDeps, job: TOrphan): Promise<boolean> {
  const metadata = readMetadata(job.metadata, job.id);
  const { startAt, previous } = resumePoint(metadata);
  const recoveries = (metadata.recoveries ?? 0) + 1;
  const holder = { id: job.id, status: "running", leaseOwner: job.leaseOwner };
  const where = `step ${startAt + 1}`;

  let failure: string | null = null;
  if (recoveries > MAX_RECOVERIES) failure = `the worker running this job stopped ${recoveries} times (last at ${where}); giving up`;
  // What the engine restores the tables from: the points (or only) table, and the links beside them.
  const last = previous[startAt - 1];
  for (const checkpoint of [last?.checkpointKey, last?.linksCheckpointKey]) {
    if (!failure && checkpoint && !(await storage.stat(checkpoint)))
      failure = `the worker stopped at ${where} and the checkpoint to resume from (${checkpoint}) is gone`;
  }

  if (failure) {
    const { count } = await db.job.updateMany({
      where: holder,
      data: { status: "failed", error: failure, completedAt: new Date(), leaseOwner: null },
    });
    if (count === 0) return false;
    await appendJobLog(db, bus, job.id, "error", failure);
    await bus.publish({
      kind: "state",
      jobId: job.id,
      state: toJobState({ ...job, status: "failed", error: failure, updatedAt: new Date() }),
    });
    return false;
  }
  const { count } = await db.job.updateMany({
    where: holder,
    data: { status: "queued", leaseOwner: null, metadata: metadataJson({ ...metadata, recoveries }) },
  });
  if (count === 0) return false;
  await appendJobLog(db, bus, job.id, "warn", `worker ${job.leaseOwner ?? "?"} stopped while running this job; resuming at ${where}`);
  await bus.publish({ kind: "state", jobId: job.id, state: toJobState({ ...job, status: "queued", updatedAt: new Date() }) });
  return true;
}

/** Re-queues (or fails) every orphaned job; run at start and then periodically wherever jobs run. */
export async function recoverOrphans(
  deps: TRecoveryDeps,
  lease: { workerId: string; leaseMs: number },
  enqueue: (jobId: string) => Promise<void>,
) {
  for (const orphan of await findOrphans(deps.db, lease)) {
    if (await recoverOrphan(deps, orphan)) await enqueue(orphan.id);
  }
}
