import { randomUUID } from "node:crypto";
import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  S3Client,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { invalid, notFound } from "../errors.ts";
import { assertRange, assertSafeKey } from "./guards.ts";
import type { TByteRange, TStorage } from "./types.ts";

export type TS3StorageOptions = {
  bucket: string;
  /** Prepended to every key, e.g. `aw/`; a missing trailing slash is added. */
  prefix?: string;
  endpoint?: string;
  region: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  forcePathStyle: boolean;
};

/** Multipart part size and parallel parts: bounds memory per upload to about 4 × 8 MiB. */
const PART_SIZE = 8 * 1024 * 1024;
const QUEUE_SIZE = 4;

const statusOf = (err: unknown) => (err instanceof S3ServiceException ? err.$metadata.httpStatusCode : undefined);

/** Any S3-compatible object store; one bucket, optional key prefix. */
export function createS3Storage(options: TS3StorageOptions): TStorage {
  const { bucket: Bucket } = options;
  const prefix = options.prefix ? options.prefix.replace(/\/*$/, "/") : "";
  const client = new S3Client({
    endpoint: options.endpoint,
    region: options.region,
    forcePathStyle: options.forcePathStyle,
    credentials:
      options.accessKeyId && options.secretAccessKey
        ? { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey }
        : undefined,
    // Without these, streamed bodies are stored with aws-chunked framing on S3-compatible servers.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });

  function objectKey(key: string): string {
    assertSafeKey(key);
    return prefix + key;
  }

  async function head(key: string) {
    try {
      return await client.send(new HeadObjectCommand({ Bucket, Key: objectKey(key) }));
    } catch (err) {
      if (statusOf(err) === 404) return null;
      throw err;
    }
  }

  async function get(key: string, range?: TByteRange): Promise<Readable> {
    const Key = objectKey(key);
    if (range) assertRange(range);
    try {
      const res = await client.send(new GetObjectCommand({ Bucket, Key, Range: range ? `bytes=${range.start}-${range.end}` : undefined }));
      return res.Body as Readable;
    } catch (err) {
      if (statusOf(err) === 404) throw notFound("stored object", key);
      if (statusOf(err) === 416) throw invalid(`byte range ${range?.start}-${range?.end} is not satisfiable for ${key}`);
      throw err;
    }
  }

  const storage: TStorage = {
    driver: "s3",

    async put(key, body, { contentType, signal } = {}) {
      const Key = objectKey(key);
      signal?.throwIfAborted();
      // The body's own error (or the abort) explains a failure better than the follow-up abort request.
      let cause: unknown;
      const onBodyError = (err: unknown) => (cause ??= err);
      const onAbort = () => body.destroy(signal?.reason instanceof Error ? signal.reason : new DOMException("aborted", "AbortError"));
      body.on("error", onBodyError);
      signal?.addEventListener("abort", onAbort, { once: true });
      // Destroying the body (not Upload.abort()) makes done() settle only after the multipart upload is aborted.
      const upload = new Upload({
        client,
        params: { Bucket, Key, Body: body, ContentType: contentType },
        partSize: PART_SIZE,
        queueSize: QUEUE_SIZE,
      });
      try {
        await upload.done();
      } catch (err) {
        throw cause ?? err;
      } finally {
        signal?.removeEventListener("abort", onAbort);
        body.off("error", onBodyError);
      }
      const info = await head(key);
      if (!info) throw notFound("stored object", key);
      return { key, sizeBytes: info.ContentLength ?? 0 };
    },

    async putFile(key, file, options) {
      await fsp.stat(file).catch(() => {
        throw notFound("local file", file);
      });
      return storage.put(key, fs.createReadStream(file), options);
    },

    get,

    async stat(key) {
      const info = await head(key);
      return info ? { key, sizeBytes: info.ContentLength ?? 0 } : null;
    },

    async delete(key) {
      await client.send(new DeleteObjectCommand({ Bucket, Key: objectKey(key) }));
    },

    async toLocalFile(key, tempDir) {
      const body = await get(key);
      await fsp.mkdir(tempDir, { recursive: true });
      const file = path.join(tempDir, `${randomUUID()}-${path.posix.basename(key)}`);
      try {
        await pipeline(body, fs.createWriteStream(file, { flags: "wx" }));
      } catch (err) {
        await fsp.rm(file, { force: true });
        throw err;
      }
      return file;
    },

    async ping() {
      await client.send(new HeadBucketCommand({ Bucket }));
    },
  };
  return storage;
}
