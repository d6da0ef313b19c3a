import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "../config.ts";
import { createLocalStorage } from "../storage/local-storage.ts";
import { writeGzipBomb } from "./gzip-bomb.ts";
import { profileAndSnapshot } from "./profile-artifact.ts";

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

/** Stores `write`'s file under `filename` and profiles it with these settings. */
async function profile(filename: string, write: (file: string) => Promise<void> | void, env: Record<string, string> = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aw-profile-"));
  dirs.push(dir);
  const config = loadConfig({ AW_DATA_DIR: dir, NODE_ENV: "test", ...env });
  const storage = createLocalStorage(config.storageLocalRoot);
  const source = path.join(dir, filename);
  await write(source);
  const storageKey = `uploads/test/${filename}`;
  await storage.putFile(storageKey, source);
  const format = filename.endsWith(".gz") ? "gzip" : filename.endsWith(".parquet") ? "parquet" : "csv";
  const metadata = await profileAndSnapshot({ storage, config }, { id: "a1", storageKey, filename, format }, new AbortController().signal);
  return { metadata, config };
}

const csvRows = (rows: number) => `id,name,value\n${Array.from({ length: rows }, (_, i) => `${i},name ${i % 97},${i * 0.5}`).join("\n")}\n`;

describe("profiling within budgets", () => {
  it("refuses a gzip upload that decompresses past the limit, before DuckDB reads it", async () => {
    const { metadata } = await profile("bomb.csv.gz", (file) => writeGzipBomb(file, 64 * 2 ** 20), {
      UPLOAD_MAX_DECOMPRESSED_BYTES: String(16 * 2 ** 20),
    });
    expect(metadata).toEqual({
      profileStatus: "failed",
      profileError: '"bomb.csv.gz" decompresses to more than 16 MiB (limit 16 MiB, UPLOAD_MAX_DECOMPRESSED_BYTES)',
    });
    // The default is ten times the upload limit.
    const within = await profile("small.csv.gz", (file) => writeGzipBomb(file, 4 * 2 ** 20), { UPLOAD_MAX_BYTES: String(2 ** 20) });
    expect(within.config.decompressedMaxBytes).toBe(10 * 2 ** 20);
    expect(within.metadata).toMatchObject({ profileStatus: "ready", columnCount: 5 });
  });

  it("refuses a CSV whose header names more columns than the limit, from the header alone", async () => {
    const header = Array.from({ length: 20_000 }, (_, i) => `"col,${i}"`).join(",");
    const { metadata } = await profile("wide.csv", (file) => fs.writeFileSync(file, `${header}\n${"1,".repeat(19_999)}1\n`));
    expect(metadata).toEqual({
      profileStatus: "failed",
      profileError: '"wide.csv" has 20,000 columns; the limit is 2,048 (TABLE_MAX_COLUMNS)',
    });
    // Past the header check, DuckDB's out-of-memory error is reported as such, with its limit, not as a delimiter problem.
    const unchecked = await profile("wide.csv", (file) => fs.writeFileSync(file, `${header}\n${"1,".repeat(19_999)}1\n`), {
      TABLE_MAX_COLUMNS: "100000",
    });
    expect(unchecked.metadata.profileError).toMatch(
      /^could not load "wide.csv": ran out of memory \(limit 244.1 MiB for DuckDB of the 256MB budget\): failed to allocate data of size .*\. Attempts: #1 \(csv, utf-8, delimiter ","\): ran out of memory/,
    );
  });

  it("stops a profile that passes its spill budget or its time budget, and says which", async () => {
    const big = csvRows(1_500_000); // ~40 MB: spills beyond 48 MB of memory
    const spill = await profile("big.csv", (file) => fs.writeFileSync(file, big), {
      DUCKDB_MEMORY_LIMIT: "48MB",
      DUCKDB_SPILL_LIMIT: "1MiB",
    });
    expect(spill.metadata.profileStatus).toBe("failed");
    expect(spill.metadata.profileError).toMatch(
      /^could not load "big.csv": ran out of spill space \(limit 1 MiB of disk per workspace, DUCKDB_SPILL_LIMIT\): failed to offload data block/,
    );
    const slow = await profile("big.csv", (file) => fs.writeFileSync(file, big), { PROFILE_TIMEOUT_SECONDS: "0.05" });
    expect(slow.metadata).toEqual({
      profileStatus: "failed",
      profileError: "profiling took longer than the limit of 0.05 s (PROFILE_TIMEOUT_SECONDS)",
    });
  });

  it("names the file, never its path on the server, in engine errors", async () => {
    const { metadata, config } = await profile("broken.parquet", (file) => fs.writeFileSync(file, "PAR1 this is not really parquet"));
    expect(metadata.profileStatus).toBe("failed");
    expect(metadata.profileError).toContain('"broken.parquet"');
    expect(metadata.profileError).not.toContain(config.AW_DATA_DIR);
    expect(metadata.profileError).not.toMatch(/input-\d/);
  });
});
