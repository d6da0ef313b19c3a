import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cachedObjectPath, readCacheOf } from "../storage/read-cache.ts";
import { startS3TestServer, type TS3TestServer } from "../storage/s3-test-server.ts";
import { sweepRetention } from "./retention.ts";
import { exportCsv, load, startJobTestbed, type TJobTestbed } from "./test-kit.ts";

const DAY = 24 * 3600 * 1000;

/** An S3 server and a job testbed storing in it, for the enclosing describe. */
function s3Testbed(env: Record<string, string> = {}) {
  const bed = {} as { s3: TS3TestServer; tb: TJobTestbed };
  beforeAll(async () => {
    bed.s3 = await startS3TestServer();
    bed.tb = await startJobTestbed({ env: { ...bed.s3.env, ...env } });
  });
  afterAll(async () => {
    await bed.tb?.close();
    await bed.s3?.close();
  });
  return bed;
}

describe("reading a job's tables from S3", () => {
  const bed = s3Testbed();

  it("downloads a checkpoint or result table once, pages from that copy, and retention removes the copies", async () => {
    const { s3, tb } = bed;
    const wf = await tb.workflow([load, exportCsv]);
    const input = await tb.upload();
    await expect.poll(async () => (await tb.data.get(input.id)).metadata.profileStatus).toBe("ready");
    const { id } = await tb.jobs.create({ workflowId: wf.id, inputDataId: input.id });
    const job = await tb.waitFor(id, ["completed", "failed"]);
    expect(job.status).toBe("completed");
    const checkpoint = `runs/${id}/step-0.parquet`;
    const table = `runs/${id}/table.parquet`;
    expect(await s3.listKeys()).toEqual(expect.arrayContaining([checkpoint, table]));

    expect((await tb.jobs.stepSample({ id, stepIndex: 0, limit: 1, offset: 0 })).rows).toEqual([
      expect.objectContaining({ name: "alpha" }),
    ]);
    expect((await tb.data.sample({ id: job.resultDataId!, limit: 1, offset: 2 })).rows).toEqual([
      expect.objectContaining({ name: "gamma" }),
    ]);
    for (const key of [checkpoint, table]) expect(fs.existsSync(cachedObjectPath(readCacheOf(tb.config), key)), key).toBe(true);

    // Later pages come from the local copies: they still read with the objects gone from the bucket.
    await tb.storage.delete(checkpoint);
    await tb.storage.delete(table);
    expect(await tb.jobs.stepSample({ id, stepIndex: 0, limit: 2, offset: 1 })).toMatchObject({
      total: 3,
      rows: [expect.objectContaining({ name: "beta" }), expect.objectContaining({ name: "gamma" })],
    });
    expect((await tb.data.sample({ id: job.resultDataId!, limit: 1, offset: 0 })).total).toBe(3);

    await tb.db.job.update({ where: { id }, data: { completedAt: new Date(Date.now() - 40 * DAY) } });
    expect((await sweepRetention(tb, { days: 30 })).jobs).toBe(1);
    expect(fs.existsSync(cachedObjectPath(readCacheOf(tb.config), `runs/${id}`))).toBe(false);
    // What stays in the bucket is the input and its snapshot.
    expect(await s3.listKeys()).toEqual([input.storageKey, `tables/${input.id}.parquet`].sort());
  });
});

describe("an upload's S3 copy", () => {
  const bed = s3Testbed();

  it("is cached by its profile, so a run reads it without another download, and goes when the upload is deleted", async () => {
    const { tb } = bed;
    const input = await tb.upload();
    await expect.poll(async () => (await tb.data.get(input.id)).metadata.profileStatus).toBe("ready");
    const copy = cachedObjectPath(readCacheOf(tb.config), input.storageKey);
    expect(fs.existsSync(copy)).toBe(true);

    // With the object gone from the bucket, only the cached copy can feed the run.
    await tb.storage.delete(input.storageKey);
    const wf = await tb.workflow([load, exportCsv]);
    const { id } = await tb.jobs.create({ workflowId: wf.id, inputDataId: input.id });
    expect(await tb.waitFor(id, ["completed", "failed"])).toMatchObject({ status: "completed", error: null });

    await tb.data.delete({ id: input.id, force: true });
    expect(fs.existsSync(copy)).toBe(false);
  });
});

describe("the S3 read cache over its budget", () => {
  const bed = s3Testbed({ S3_READ_CACHE_MAX_BYTES: "1" });

  it("keeps the copy in use and lets the least recently used ones go", async () => {
    const { tb } = bed;
    const wf = await tb.workflow([load, exportCsv]);
    const { id } = await tb.jobs.create({ workflowId: wf.id, inputDataId: (await tb.upload()).id });
    const job = await tb.waitFor(id, ["completed", "failed"]);
    const checkpoint = cachedObjectPath(readCacheOf(tb.config), `runs/${id}/step-0.parquet`);
    const table = cachedObjectPath(readCacheOf(tb.config), `runs/${id}/table.parquet`);

    expect((await tb.jobs.stepSample({ id, stepIndex: 0 })).total).toBe(3);
    expect([fs.existsSync(checkpoint), fs.existsSync(table)]).toEqual([true, false]);
    expect((await tb.data.sample({ id: job.resultDataId! })).total).toBe(3);
    expect([fs.existsSync(checkpoint), fs.existsSync(table)]).toEqual([false, true]);
    // A copy that went is downloaded again when read.
    expect((await tb.jobs.stepSample({ id, stepIndex: 0, offset: 2 })).rows).toEqual([expect.objectContaining({ name: "gamma" })]);
    expect([fs.existsSync(checkpoint), fs.existsSync(table)]).toEqual([true, false]);
  });
});
