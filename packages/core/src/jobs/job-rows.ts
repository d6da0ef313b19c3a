import type { TConfig } from "../config.ts";
import type { TProfileDeps } from "../data/profile-artifact.ts";
import type { TDb } from "../db/client.ts";
import { notFound } from "../errors.ts";
import { z } from "zod";
import { parseStored } from "../db/stored-json.ts";
import { ZJobStatusSchema, type TJobStatus, type TStep } from "../schemas/index.ts";
import { readDefinition } from "../workflows/stored-definition.ts";
import type { TJobEventBus } from "./events.ts";
import { readMetadata, type TJobMetadata } from "./job-metadata.ts";
import type { TJobQueue } from "./queue.ts";

/** What the jobs service's commands, queries and streams are built from. */
export type TJobServiceDeps = {
  db: TDb;
  bus: TJobEventBus;
  queue: TJobQueue;
  /** Where step tables are read from. */
  storage: TProfileDeps["storage"];
  config: Pick<TConfig, "databaseProvider" | "AW_DATA_DIR" | "S3_READ_CACHE_MAX_BYTES" | "DISK_MIN_FREE_BYTES"> & TProfileDeps["config"];
};

export type TJobRow = Awaited<ReturnType<TDb["job"]["findFirstOrThrow"]>>;

/** A job as the API returns it: JSON columns parsed, the worker's lease bookkeeping (owner, heartbeat) left out. */
export type TJob = Omit<TJobRow, "status" | "metadata" | "parameters" | "heartbeatAt" | "leaseOwner"> & {
  status: TJobStatus;
  metadata: TJobMetadata;
  parameters: Record<string, unknown>;
};

export const toJob = ({ heartbeatAt: _, leaseOwner: __, ...row }: TJobRow): TJob => ({
  ...row,
  status: parseStored(ZJobStatusSchema, row.status, `job ${row.id}`, "status"),
  metadata: readMetadata(row.metadata, row.id),
  parameters: parseStored(ZStoredParametersSchema, row.parameters ?? {}, `job ${row.id}`, "parameters"),
});

/** Parameters as stored: any JSON object (the size bound applies when they are written). */
const ZStoredParametersSchema = z.record(z.string(), z.unknown());

export async function loadJob(db: TDb, id: string): Promise<TJobRow> {
  const job = await db.job.findUnique({ where: { id } });
  if (!job) throw notFound("job", id);
  return job;
}

/** The steps of the workflow version a job pinned. */
export async function pinnedSteps(db: TDb, workflowId: string, version: number): Promise<TStep[]> {
  const row = await db.workflowVersion.findUnique({ where: { workflowId_version: { workflowId, version } } });
  if (!row) throw notFound("workflow version", `${workflowId}@${version}`);
  return readDefinition(row, `workflow ${workflowId} version ${version}`).steps;
}
