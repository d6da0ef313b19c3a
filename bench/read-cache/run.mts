// S3 read cache: time to put a stored object into a workspace from S3 (a local s3rver), without the
// cache (the baseline: a download every time), on a cold cache (download + link) and on a warm one.
// Run: `cd packages/core && npx tsx ../../bench/read-cache/run.mts [--mib 200]`.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { withWorkspace } from "../../packages/core/src/aw-engine/workspace.ts";
import { adoptStoredObject, type TReadCache } from "../../packages/core/src/storage/read-cache.ts";
import { createS3Storage } from "../../packages/core/src/storage/s3-storage.ts";
import { startS3TestServer } from "../../packages/core/src/storage/s3-test-server.ts";

const mibArg = process.argv.indexOf("--mib");
const mib = mibArg > 0 ? Number(process.argv[mibArg + 1]) : 200;
const s3 = await startS3TestServer();
const storage = createS3Storage(s3.options);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aw-bench-read-cache-"));
try {
  const source = path.join(dir, "object.bin");
  fs.writeFileSync(source, Buffer.alloc(mib * 1024 * 1024, 7));
  await storage.putFile("uploads/bench/object.bin", source, { contentType: "application/octet-stream" });
  const cache: TReadCache = { root: path.join(dir, "cache"), maxBytes: 10 * 1024 ** 3 };
  const read = (readCache: TReadCache | undefined) =>
    withWorkspace({ memoryLimit: "64MB", root: path.join(dir, "workspaces") }, async (ws) => {
      const started = performance.now();
      await adoptStoredObject(storage, readCache, ws, "uploads/bench/object.bin");
      return performance.now() - started;
    });
  const baseline = await read(undefined);
  const cold = await read(cache);
  const warm = [await read(cache), await read(cache), await read(cache)].sort((a, b) => a - b)[1]!;
  console.log(`object of ${mib} MiB from S3 into a workspace`);
  console.log(`  no cache (baseline) ${baseline.toFixed(1).padStart(8)} ms`);
  console.log(`  cold cache          ${cold.toFixed(1).padStart(8)} ms  (${(cold / baseline).toFixed(2)}× baseline)`);
  console.log(`  warm cache, median  ${warm.toFixed(1).padStart(8)} ms  (${(baseline / warm).toFixed(0)}× faster)`);
} finally {
  await s3.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
