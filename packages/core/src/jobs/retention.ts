import fs from "node:fs/promises";
import type { TConfig } from "../config.ts";
import type { TDataService } from "../data/service.ts";
import type { TDb } from "../db/client.ts";
import { DomainError } from "../errors.ts";
import { FINISHED_JOB_STATUSES } from "../schemas/index.ts";
import { cachedObjectPath, readCacheOf } from "../storage/read-cache.ts";
import type { TStorage } from "../storage/types.ts";
import { readMetadata } from "./job-metadata.ts";

export type TRetentionResult = { jobs: number; artifacts: number; objects: number };

export type TRetentionDeps = { db: TDb; storage: TStorage; data: Pick<TDataService, "delete">; config: Pick<TConfig, "AW_DATA_DIR" | "S3_READ_CACHE_MAX_BYTES"> };

const BATCH = 200;

/**
 * Deletes finished jobs that ended more than `days` ago (0 keeps everything), with their logs,
 * their result artifacts (through the data service: row, object and table snapshot) and their
 * checkpoints (`runs/<jobId>/…`, with their cached downloads from S3). Kept: a result another job still uses as input, and a job whose
 * checkpoints an unfinished retry reuses. Rows go before their objects: a crash in between leaves
 * stray objects, never rows without files (and jobs whose results are gone are swept next time).
 * `objects` counts result files and checkpoints.
 */
export async function sweepRetention({ db, storage, data, config }: TRetentionDeps, { days, now = new Date() }: { days: number; now?: Date }): Promise<TRetentionResult> {
  const total: TRetentionResult = { jobs: 0, artifacts: 0, objects: 0 };
  if (days <= 0) return total;
  const cutoff = new Date(now.getTime() - days * 24 * 3600 * 1000);
  const finished = [...FINISHED_JOB_STATUSES];
  const retrySources = await db.job.findMany({ where: { status: { notIn: finished }, retryOfId: { not: null } }, select: { retryOfId: true } });
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
    const checkpoints = jobs.flatMap((j) =>
      readMetadata(j.metadata)
        .steps.map((s) => s?.checkpointKey)
        .filter((key): key is string => !!key && key.startsWith(`runs/${j.id}/`)),
    );
    await db.job.deleteMany({ where: { id: { in: [...ids] } } }); // logs go with them (cascade)
    for (const key of checkpoints) await storage.delete(key);
    for (const id of ids) await fs.rm(cachedObjectPath(readCacheOf(config), `runs/${id}`), { recursive: true, force: true });
    total.jobs += jobs.length;
    total.objects += checkpoints.length;
    if (jobs.length < BATCH) return total;
  }
}
