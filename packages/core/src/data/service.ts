import fs from "node:fs/promises";
import type { Readable } from "node:stream";
import type { TProfile } from "../aw-engine/profiling/types.ts";
import type { TSample } from "../aw-engine/sample.ts";
import { containsText } from "../db/text-search.ts";
import { conflict, DomainError, invalid, notFound } from "../errors.ts";
import type { TDataDeleteInput, TDataListInput, TDataSampleInput } from "../schemas/data.ts";
import { ZDataDeleteInputSchema, ZDataListInputSchema, ZDataSampleInputSchema } from "../schemas/data.ts";
import { isActiveJobStatus } from "../schemas/jobs.ts";
import { cachedObjectPath, readCacheOf } from "../storage/read-cache.ts";
import type { TByteRange } from "../storage/types.ts";
import { metadataJson, storedMetadata, toArtifact, type TDataArtifact } from "./artifact.ts";
import { uploadNameProblem } from "./file-names.ts";
import { ingestUpload, type TDataDeps, type TIngestInput } from "./ingest.ts";
import { notATable, profileParquet, sampleParquet } from "./inspect-artifact.ts";
import { snapshotKeyOf } from "./profile-artifact.ts";
import { createProfiler, isProfileSettled } from "./profiler.ts";

/** Uploaded and produced files: ingest, list, read, inspect, delete; profiles them in the background. */
export function createDataService(deps: TDataDeps) {
  const { db, storage, config } = deps;
  const profiler = createProfiler(deps);

  async function getRow(id: string) {
    const row = await db.dataArtifact.findUnique({ where: { id } });
    if (!row) throw notFound("data", id);
    return row;
  }

  const get = async (id: string): Promise<TDataArtifact> => toArtifact(await getRow(id));

  /** The artifact with its snapshot, profiling it first (ahead of the queue) if that has not happened yet. */
  async function readable(id: string): Promise<TDataArtifact & { snapshotKey: string }> {
    let artifact = await get(id);
    if (!isProfileSettled(artifact.metadata)) {
      await profiler.ensure(id);
      artifact = await get(id);
    }
    const { snapshotKey, profileError } = artifact.metadata;
    if (profileError) throw notATable(artifact, profileError);
    if (!snapshotKey) throw new DomainError("UNAVAILABLE", `${artifact.filename} could not be profiled yet; try again`);
    return { ...artifact, snapshotKey };
  }

  return {
    get,

    /** Stores the upload and queues its background profile; the artifact comes back `profileStatus: "pending"`. */
    async ingestUpload(input: TIngestInput): Promise<TDataArtifact> {
      const problem = uploadNameProblem(input.filename);
      if (problem) throw invalid(problem, { filename: problem });
      const artifact = await ingestUpload(deps, input);
      if (artifact.metadata.profileStatus === "pending") profiler.schedule(artifact.id);
      return artifact;
    },

    /** Queues every artifact left pending by a previous process; call once at startup. */
    resumeProfiles: () => profiler.resume(),

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

    /** A page of the artifact's rows, JSON-safe, with the total row count (read from its snapshot). */
    async sample(input: TDataSampleInput): Promise<TSample> {
      const { id, limit, offset, view } = ZDataSampleInputSchema.parse(input);
      return sampleParquet(deps, (await readable(id)).snapshotKey, { limit, offset }, view);
    },

    /** Per-column statistics of the artifact's table, computed once and kept in its metadata. */
    async profile(id: string): Promise<TProfile> {
      const cached = storedMetadata(await getRow(id)).fullProfile;
      // Cached by this function from profileParquet; the browser-safe schema keeps the engine's type opaque.
      if (cached) return cached as TProfile;
      const profile = await profileParquet(deps, (await readable(id)).snapshotKey);
      const latest = await db.dataArtifact.findUnique({ where: { id }, select: { id: true, metadata: true } });
      if (latest)
        await db.dataArtifact.updateMany({
          where: { id },
          data: { metadata: metadataJson({ ...storedMetadata(latest), fullProfile: profile }) },
        });
      return profile;
    },

    /** The artifact and a stream of its bytes (or of an inclusive range, already checked by the caller). */
    async open(id: string, range?: TByteRange): Promise<{ artifact: TDataArtifact; body: Readable }> {
      const artifact = await get(id);
      return { artifact, body: await storage.get(artifact.storageKey, range) };
    },

    /**
     * Deletes the row, then the object and its snapshot. An artifact that jobs read as input or
     * produced is kept unless `force`: deleting it would silently break those jobs' lineage and
     * result downloads. With `force` the jobs stay and their references become null (inputDataId,
     * resultDataId, sourceJobId). An input of a job that is still active is never deleted.
     */
    async delete(input: TDataDeleteInput): Promise<{ id: string; detachedJobs: number }> {
      const { id, force } = ZDataDeleteInputSchema.parse(input);
      const artifact = await get(id);
      const jobs = await db.job.findMany({
        where: { OR: [{ inputDataId: id }, { resultDataId: id }, ...(artifact.sourceJobId ? [{ id: artifact.sourceJobId }] : [])] },
        select: { id: true, status: true, inputDataId: true },
      });
      const active = jobs.filter((j) => j.inputDataId === id && isActiveJobStatus(j.status)).length;
      if (active > 0) throw conflict(`data ${id} is the input of ${active} active job(s); cancel them first`);
      if (jobs.length > 0 && !force) {
        throw conflict(`data ${id} is used by ${jobs.length} job(s); delete them first or pass force`);
      }
      await db.$transaction([
        db.job.updateMany({ where: { resultDataId: id }, data: { resultDataId: null } }),
        db.dataArtifact.delete({ where: { id } }), // inputDataId and child lineage are nulled by the schema
      ]);
      profiler.forget(id);
      // A profile running now removes the snapshot it writes once it finds the row gone. A job's
      // result keeps its snapshot beside it (or is one). Cached copies of S3 objects go with them.
      for (const key of new Set([artifact.storageKey, snapshotKeyOf(id), artifact.metadata.snapshotKey])) {
        if (!key) continue;
        await storage.delete(key);
        await fs.rm(cachedObjectPath(readCacheOf(config), key), { force: true });
      }
      return { id, detachedJobs: jobs.length };
    },

    /** Stops background profiling; the artifact being profiled stays pending for the next start. */
    close: () => profiler.close(),
  };
}

export type TDataService = ReturnType<typeof createDataService>;
