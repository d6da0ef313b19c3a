import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../config.ts";
import { createDb } from "../db/client.ts";
import { applyMigrations } from "../db/migrate.ts";
import { createTestDatabase, type TTestDatabase } from "../db/test-databases.ts";
import { createStorage } from "../storage/create-storage.ts";
import { createTelemetry } from "../telemetry/index.ts";
import { writeGzipBomb } from "./gzip-bomb.ts";
import { createDataService, type TDataService } from "./service.ts";

let database: TTestDatabase;
let dataDir: string;
let data: TDataService;
let config: ReturnType<typeof loadConfig>;
let db: ReturnType<typeof createDb>;

beforeAll(async () => {
  database = await createTestDatabase("sqlite");
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "aw-profiler-"));
  // A decompression budget the bomb never reaches: its profile runs until it is stopped.
  config = loadConfig({
    AW_DATA_DIR: dataDir,
    DATABASE_URL: database.url,
    NODE_ENV: "test",
    UPLOAD_MAX_DECOMPRESSED_BYTES: String(2 ** 40),
  });
  db = createDb(config);
  await applyMigrations(db, config.databaseProvider);
  data = createDataService({ db, storage: createStorage(config), config, ...createTelemetry(config) });
});
afterAll(async () => {
  await data.close();
  await db.$disconnect();
  await database.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const upload = (filename: string, body: Buffer | string) => data.ingestUpload({ filename, stream: Readable.from([Buffer.from(body)]) });

/** Resolves once a workspace holds a link to `storageKey`'s file, i.e. its profile is reading it. */
async function profileReading(storageKey: string): Promise<string> {
  const name = path.basename(storageKey);
  for (;;) {
    const dirs = fs.existsSync(config.workspaceRoot) ? fs.readdirSync(config.workspaceRoot) : [];
    for (const dir of dirs) {
      const link = fs.readdirSync(path.join(config.workspaceRoot, dir)).find((f) => f.endsWith(name));
      if (link) return path.join(config.workspaceRoot, dir, link);
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe("background profiles", () => {
  it("profile a small file while a large one is profiled, and stop a profile when its artifact is deleted", async () => {
    const bombFile = path.join(dataDir, "bomb.csv.gz");
    await writeGzipBomb(bombFile, 8 * 2 ** 30); // ~25 MB that decompress to 8 GiB: ~50 s of zlib alone
    const bomb = await upload("bomb.csv.gz", fs.readFileSync(bombFile));
    const reading = await profileReading(bomb.storageKey);

    const small = await upload("three.csv", "id,name\n1,a\n2,b\n3,c\n");
    expect((await data.sample({ id: small.id, limit: 10, offset: 0 })).rows).toHaveLength(3);
    expect((await data.get(bomb.id)).metadata.profileStatus).toBe("pending");

    // Another large file queues behind the bomb: it gets its turn only once the bomb's profile stops.
    const next = await upload("next.csv.gz", zlib.gzipSync("id\n1\n"));
    const deletedAt = Date.now();
    await data.delete({ id: bomb.id, force: true });
    expect((await data.sample({ id: next.id, limit: 10, offset: 0 })).rows).toEqual([{ id: 1 }]);
    expect(fs.existsSync(reading)).toBe(false);
    expect(Date.now() - deletedAt).toBeLessThan(20_000);
  }, 120_000);

  it("refuses uploads with 507's kind while the disk is below its floor", async () => {
    const strict = createDataService({
      db,
      ...createTelemetry(config),
      storage: createStorage(config),
      config: { ...config, DISK_MIN_FREE_BYTES: Number.MAX_SAFE_INTEGER },
    });
    try {
      const refused = strict.ingestUpload({ filename: "refused.csv", stream: Readable.from([Buffer.from("id\n1\n")]) });
      await expect(refused).rejects.toMatchObject({
        kind: "INSUFFICIENT_STORAGE",
        message: expect.stringMatching(
          /^the server's disk has .+ free, less than the .+ it keeps \(DISK_MIN_FREE_BYTES\); try again once space is freed$/,
        ),
      });
      expect(await db.dataArtifact.count({ where: { filename: "refused.csv" } })).toBe(0);
    } finally {
      await strict.close();
    }
  });
});
