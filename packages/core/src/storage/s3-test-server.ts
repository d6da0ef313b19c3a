import fs from "node:fs/promises";
import type { Server } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import type { TS3StorageOptions } from "./s3-storage.ts";

// s3rver ships no types; this is the little of it the tests use.
type TS3rver = { httpServer?: Server; run(): Promise<AddressInfo>; close(): Promise<void> };
type TS3rverOptions = { address: string; port: number; silent: boolean; directory: string; configureBuckets: { name: string }[] };
const S3rver = createRequire(import.meta.url)("s3rver") as new (options: TS3rverOptions) => TS3rver;

export type TS3TestServer = {
  options: TS3StorageOptions;
  /** The app's environment for this server (STORAGE_DRIVER=s3 and its S3_* settings). */
  env: Record<string, string>;
  /** Every key in the bucket, sorted. */
  listKeys(): Promise<string[]>;
  close(): Promise<void>;
};

/** A real S3-protocol server (s3rver) on 127.0.0.1, an ephemeral port and a temp dir, for tests only. */
export async function startS3TestServer(bucket = "aw-test"): Promise<TS3TestServer> {
  const directory = await fs.mkdtemp(path.join(os.tmpdir(), "aw-s3rver-"));
  const server = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] });
  const { port } = await server.run();
  const options: TS3StorageOptions = {
    bucket,
    endpoint: `http://127.0.0.1:${port}`,
    region: "us-east-1",
    accessKeyId: "S3RVER",
    secretAccessKey: "S3RVER",
    forcePathStyle: true,
  };
  const client = new S3Client({
    endpoint: options.endpoint,
    region: options.region,
    forcePathStyle: true,
    credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
  });
  return {
    options,
    env: {
      STORAGE_DRIVER: "s3",
      S3_BUCKET: bucket,
      S3_ENDPOINT: options.endpoint!,
      S3_ACCESS_KEY_ID: options.accessKeyId!,
      S3_SECRET_ACCESS_KEY: options.secretAccessKey!,
    },
    async listKeys() {
      const keys: string[] = [];
      let ContinuationToken: string | undefined;
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken }));
        keys.push(...(page.Contents ?? []).flatMap((o) => (o.Key ? [o.Key] : [])));
        ContinuationToken = page.NextContinuationToken;
      } while (ContinuationToken);
      return keys.sort();
    },
    async close() {
      client.destroy();
      server.httpServer?.closeAllConnections();
      await server.close();
      await fs.rm(directory, { recursive: true, force: true });
    },
  };
}
