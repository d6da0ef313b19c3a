import type { TDataService } from "../data/service.ts";
import type { TDb } from "../db/client.ts";
import { DomainError } from "../errors.ts";
import { FINISHED_JOB_STATUSES } from "../schemas/index.ts";
import { deleteRunObjects, resultArtifactKeys, type TRunObjectDeps } from "./run-objects.ts";

export type TRetentionResult = { jobs: number; artifacts: number; objects: number };

export type TRetentionDeps = TRunObjectDeps & { db: TDb; data: Pick<TDataService, "delete"> };

const BATCH = 200;

/**
 * Deletes finished jobs that ended more than `days` ago (0 keeps everything), with their logs,
 * their result artifacts (through the data service: row, object and table snapshot) and what their
 * runs stored (see run-objects.ts). Kept: a result another job still uses as input, and a job whose
 * checkpoints an unfinished retry reuses. Rows go before their objects: a crash in between leaves
 * stray objects, never rows without files (and jobs whose results are gone are swept next time).
 * `objects` counts result files and the runs' other objects.
 */
export async function sweepRetention(
  { db, storage, data, config }: TRetentionDeps,
  { days, now = new Date() }: { days: number; now?: Date },
): Promise<TRetentionResult> {
  const total: TRetentionResult = { jobs: 0, artifacts: 0, objects: 0 };
  if (days <= 0) return total;
  const cutoff = new Date(now.getTime() - days * 24 * 3600 * 1000);
  const finished = [...FINISHED_JOB_STATUSES];
  const retrySources = await db.job.findMany({
    where: { status: { notIn: finished }, retryOfId: { not: null } },
    select: { retryOfId: true },
  });
  const keep = retrySources.map((j) => j.retryOfId!);

  for (;;) {
    const jobs = await db.job.findMany({
      where: { status: { in: finished }, completedAt: { lt: cutoff }, id: { notIn: keep } },
      select: { id: true, metadata: true, outputs: { select: { id: true, inputOf: { select: { id: true } } } } },
      orderBy: { completedAt: "asc" },
      take: BATCH,
    });
    if (jobs.length === 0) return total;
    const ids = new Set(jobs.map((j) => j.id));
    // Result files are the data service's: deleted with their artifact below, or kept with it.
    const results = await resultArtifactKeys(db, [...ids]);
    const artifacts = jobs.flatMap((j) => j.outputs).filter((a) => a.inputOf.every((user) => ids.has(user.id)));
    for (const artifact of artifacts) {
      try {
        await data.delete({ id: artifact.id, force: true });
        total.artifacts += 1;
        total.objects += 1;
      } catch (err) {
        // Deleted meanwhile, or just picked as the input of a new job: either way it is not ours to delete.
        if (!(err instanceof DomainError && (err.kind === "NOT_FOUND" || err.kind === "CONFLICT"))) throw err;
      }
    }
    await db.job.deleteMany({ where: { id: { in: [...ids] } } }); // logs go with them (cascade)
    total.objects += await deleteRunObjects({ storage, config }, jobs, results);
    total.jobs += jobs.length;
    if (jobs.length < BATCH) return total;
  }
}
