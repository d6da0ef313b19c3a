import { randomUUID } from "node:crypto";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { TConfig } from "../config.ts";
import type { TDb } from "../db/client.ts";
import { invalid } from "../errors.ts";
import type { TStorage } from "../storage/types.ts";
import type { TLogger } from "../telemetry/logger.ts";
import type { TMetrics } from "../telemetry/metrics.ts";
import { metadataJson, toArtifact, type TDataArtifact } from "./artifact.ts";
import { detectFormat, FORMAT_CONTENT_TYPES } from "./detect-format.ts";
import { requireFreeDisk } from "./disk-space.ts";
import { asciiName, displayName } from "./file-names.ts";
import { isProfilable, NOT_TABULAR, type TProfileDeps } from "./profile-artifact.ts";
import { UploadMeter } from "./upload-meter.ts";

export type TDataDeps = {
  db: TDb;
  storage: TStorage;
  config: TProfileDeps["config"] & Pick<TConfig, "databaseProvider" | "UPLOAD_MAX_BYTES" | "PROFILE_CONCURRENCY" | "DISK_MIN_FREE_BYTES">;
  log: TLogger;
  metrics: TMetrics;
};

export type TIngestInput = {
  /** As the client sent it; only its last segment is kept. */
  filename: string;
  contentType?: string;
  stream: Readable;
  /** Defaults to UPLOAD_MAX_BYTES. */
  maxBytes?: number;
  /** Aborting (e.g. the client went away) stops the upload and leaves nothing behind. */
  signal?: AbortSignal;
};

const SIMPLE_MEDIA_TYPE = /^[\w.+-]+\/[\w.+-]+$/;

/**
 * Streams an upload into storage while hashing and counting it (never buffering the file), then
 * records the DataArtifact with `profileStatus: "pending"` (the profile runs in the background),
 * or "failed" for a format the engine cannot read. The row exists only if the whole object does;
 * on any failure the object is deleted and no row is written.
 */
export async function ingestUpload(deps: TDataDeps, input: TIngestInput): Promise<TDataArtifact> {
  const { db, storage, config } = deps;
  await requireFreeDisk(config);
  const filename = displayName(input.filename);
  const storageKey = `uploads/${randomUUID()}/${asciiName(filename)}`;
  const meter = new UploadMeter(input.maxBytes ?? config.UPLOAD_MAX_BYTES);
  // Errors surface through put (the meter is its body); this only stops reading the source.
  pipeline(input.stream, meter, { signal: input.signal }).catch(() => {});

  try {
    await storage.put(storageKey, meter, { contentType: input.contentType, signal: input.signal });
    if (meter.bytes === 0) throw invalid("file is empty");
    const format = detectFormat(filename, meter.head);
    const contentType =
      format !== "unknown"
        ? FORMAT_CONTENT_TYPES[format]
        : input.contentType && SIMPLE_MEDIA_TYPE.test(input.contentType)
          ? input.contentType.toLowerCase()
          : "application/octet-stream";
    const metadata = isProfilable(format)
      ? { profileStatus: "pending" as const }
      : { profileStatus: "failed" as const, profileError: NOT_TABULAR };
    const row = await db.dataArtifact.create({
      data: {
        filename,
        storageKey,
        sizeBytes: BigInt(meter.bytes),
        contentType,
        format,
        sha256: meter.digest(),
        metadata: metadataJson(metadata),
      },
    });
    deps.metrics.uploadBytes.inc(meter.bytes);
    deps.log.info({ dataId: row.id, bytes: meter.bytes, format }, "upload stored");
    return toArtifact(row);
  } catch (err) {
    await storage.delete(storageKey).catch(() => {}); // best effort: the original error matters more
    throw meter.limitError ?? err;
  }
}
