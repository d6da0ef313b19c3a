import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import { pipeline } from "node:stream/promises";
import type { TStorage } from "../storage/types.ts";
import { ident, literal, type Workspace } from "./workspace.ts";

export const checkpointKey = (runId: string, stepIndex: number) => `runs/${runId}/step-${stepIndex}.parquet`;
/** The links loaded beside the points, after a step that may have changed them. */
export const linksCheckpointKey = (runId: string, stepIndex: number) => `runs/${runId}/step-${stepIndex}.links.parquet`;
export const resultKey = (runId: string, extension: string) => `runs/${runId}/result${extension}`;
/** The run's final table as Parquet, kept as its result's snapshot. */
export const tableKey = (runId: string) => `runs/${runId}/table.parquet`;

export async function sha256File(file: string): Promise<string> {
  const hash = createHash("sha256");
  await pipeline(fs.createReadStream(file), hash);
  return hash.digest("hex");
}

/** Stores a local file (which must not change afterwards) and returns its size and digest. */
export async function storeFile(storage: TStorage, key: string, file: string, options: { contentType: string; signal?: AbortSignal }) {
  const sha256 = await sha256File(file);
  const info = await storage.putFile(key, file, options);
  return { sizeBytes: info.sizeBytes, sha256 };
}

/**
 * Saves the table as Parquet in storage, so a later run (after an approval or a retry) can resume
 * from it. Returns the local Parquet file, which later steps that only read the table reuse.
 */
export async function writeCheckpoint(
  ws: Workspace,
  storage: TStorage,
  table: string,
  key: string,
  options: { signal?: AbortSignal } = {},
): Promise<string> {
  const file = ws.file(`checkpoint-${randomUUID()}.parquet`);
  await ws.run(`COPY ${ident(table)} TO ${literal(file)} (FORMAT parquet, COMPRESSION zstd)`);
  await storage.putFile(key, file, { contentType: "application/vnd.apache.parquet", signal: options.signal });
  return file;
}

/** Recreates the table from a checkpoint file already made local. */
export async function restoreCheckpoint(ws: Workspace, file: string, table: string): Promise<void> {
  await ws.run(`CREATE OR REPLACE TABLE ${ident(table)} AS SELECT * FROM read_parquet(${literal(file)})`);
}
