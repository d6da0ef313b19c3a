import type { Readable } from "node:stream";
import { containsText } from "../db/text-search.ts";
import { conflict, notFound } from "../errors.ts";
import type { TDataDeleteInput, TDataListInput, TDataSampleInput } from "../schemas/data.ts";
import { ZDataDeleteInputSchema, ZDataListInputSchema, ZDataSampleInputSchema } from "../schemas/data.ts";
import type { TByteRange } from "../storage/types.ts";
import { toArtifact, type TDataArtifact } from "./artifact.ts";
import { profileArtifact, sampleArtifact } from "./inspect-artifact.ts";
import { ingestUpload, type TDataDeps, type TIngestInput } from "./ingest.ts";

const ACTIVE_JOB_STATUSES = ["queued", "running", "awaiting_approval"];

/** Uploaded and produced files: ingest, list, read, delete. */
export function createDataService(deps: TDataDeps) {
  const { db, storage, config } = deps;

  async function get(id: string): Promise<TDataArtifact> {
    const row = await db.dataArtifact.findUnique({ where: { id } });
    if (!row) throw notFound("data", id);
    return toArtifact(row);
  }

  return {
    get,

    ingestUpload: (input: TIngestInput) => ingestUpload(deps, input),

    async list(input: TDataListInput = {}): Promise<{ items: TDataArtifact[]; total: number; page: number; pageSize: number }> {
      const { page, pageSize, sort, order, search } = ZDataListInputSchema.parse(input);
      const where = search ? { filename: containsText(config, search) } : {};
      const [rows, total] = await db.$transaction([
        // id breaks ties so pages never repeat or skip rows with equal sort keys
        db.dataArtifact.findMany({ where, orderBy: [{ [sort]: order }, { id: order }], skip: (page - 1) * pageSize, take: pageSize }),
        db.dataArtifact.count({ where }),
      ]);
      return { items: rows.map(toArtifact), total, page, pageSize };
    },

    /** A page of the artifact's rows, JSON-safe, with the total row count. */
    async sample(input: TDataSampleInput) {
      const { id, limit, offset } = ZDataSampleInputSchema.parse(input);
      return sampleArtifact(deps, await get(id), { limit, offset });
    },

    /** Per-column statistics of the artifact's table. */
    async profile(id: string) {
      return profileArtifact(deps, await get(id));
    },

    /** The artifact and a stream of its bytes (or of an inclusive range, already checked by the caller). */
    async open(id: string, range?: TByteRange): Promise<{ artifact: TDataArtifact; body: Readable }> {
      const artifact = await get(id);
      return { artifact, body: await storage.get(artifact.storageKey, range) };
    },

    /**
     * Deletes the row, then the object. An artifact that jobs read as input or produced is kept
     * unless `force`: deleting it would silently break those jobs' lineage and result downloads.
     * With `force` the jobs stay and their references become null (inputDataId, resultDataId,
     * sourceJobId). An input of a job that is still active is never deleted.
     */
    async delete(input: TDataDeleteInput): Promise<{ id: string; detachedJobs: number }> {
      const { id, force } = ZDataDeleteInputSchema.parse(input);
      const artifact = await get(id);
      const jobs = await db.job.findMany({
        where: { OR: [{ inputDataId: id }, { resultDataId: id }, ...(artifact.sourceJobId ? [{ id: artifact.sourceJobId }] : [])] },
        select: { id: true, status: true, inputDataId: true },
      });
      const active = jobs.filter((j) => j.inputDataId === id && ACTIVE_JOB_STATUSES.includes(j.status)).length;
      if (active > 0) throw conflict(`data ${id} is the input of ${active} active job(s); cancel them first`);
      if (jobs.length > 0 && !force) {
        throw conflict(`data ${id} is used by ${jobs.length} job(s); delete them first or pass force`);
      }
      await db.$transaction([
        db.job.updateMany({ where: { resultDataId: id }, data: { resultDataId: null } }),
        db.dataArtifact.delete({ where: { id } }), // inputDataId and child lineage are nulled by the schema
      ]);
      await storage.delete(artifact.storageKey);
      return { id, detachedJobs: jobs.length };
    },
  };
}

export type TDataService = ReturnType<typeof createDataService>;
