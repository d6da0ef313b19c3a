import { Readable } from "node:stream";
import { createCore, type TDataArtifact } from "@aw/core";
import { TRPCClientError } from "@trpc/client";
import { patience } from "../../../packages/core/src/test-patience.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppRouter } from "../src/trpc/router.ts";
import { startServer, storedFiles, testProviders, uploadFile, waitForProfile, type THarness } from "./harness.ts";

const SCORES =
  "id,name,score,seen\n1,ada,9.5,2024-01-02 03:04:05\n2,grace,8.5,\n3,ada,7,2024-03-04 05:06:07\n4,linus,,2024-05-06 07:08:09\n";
const WIDE = "big,exact,note\n9007199254740993,1.25,x\n-9007199254740993,2.5,\n42,3.75,z\n";

const upload = async (h: THarness, name: string, content: string | Uint8Array, type?: string) => {
  const res = await uploadFile(h, name, content, type);
  expect(res.status).toBe(201);
  return (await res.json()) as TDataArtifact;
};

const codeOf = async (promise: Promise<unknown>) => {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TRPCClientError);
  return { code: (err as TRPCClientError<AppRouter>).data?.code, message: (err as Error).message };
};

describe.each(await testProviders())("data inspection (%s)", (provider) => {
  let h: THarness;
  beforeAll(async () => {
    h = await startServer({ provider });
  });
  afterAll(() => h?.close());

  it("pages rows in file order, asked right after the upload", async () => {
    const rows = Array.from({ length: 250 }, (_, i) => `${i},row ${i}`).join("\n");
    const a = await upload(h, "paged.csv", `n,label\n${rows}\n`);
    const first = await h.trpc.data.sample.query({ id: a.id, limit: 100 });
    expect(first.total).toBe(250);
    expect(first.columns).toEqual([
      { name: "n", type: "BIGINT" },
      { name: "label", type: "VARCHAR" },
    ]);
    expect(first.rows).toHaveLength(100);
    const last = await h.trpc.data.sample.query({ id: a.id, limit: 100, offset: 200 });
    expect(last.rows.map((r) => r.n)).toEqual(Array.from({ length: 50 }, (_, i) => 200 + i));
    expect((await h.trpc.data.sample.query({ id: a.id, offset: 1000 })).rows).toEqual([]);
    expect((await h.trpc.data.sample.query({ id: a.id })).rows).toHaveLength(100); // default limit
  });

  it("sends JSON-safe rows over plain HTTP: unsafe integers as strings, timestamps ISO, nulls", async () => {
    const a = await upload(h, "wide.csv", WIDE);
    const input = encodeURIComponent(JSON.stringify({ json: { id: a.id, limit: 2, offset: 1 } }));
    const res = await fetch(`${h.url}/trpc/data.sample?input=${input}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { result: { data: { json: { rows: unknown[]; total: number } } } };
    expect(body.result.data.json).toMatchObject({
      total: 3,
      rows: [
        { big: "-9007199254740993", exact: 2.5, note: null },
        { big: 42, exact: 3.75, note: "z" },
      ],
    });
    const scores = await upload(h, "times.csv", SCORES);
    const { rows } = await h.trpc.data.sample.query({ id: scores.id, limit: 1 });
    expect(rows[0]).toEqual({ id: 1, name: "ada", score: 9.5, seen: "2024-01-02T03:04:05" });
  });

  it("rejects limits outside 1..1000 and a negative offset", async () => {
    const a = await upload(h, "limits.csv", "a\n1\n");
    for (const bad of [{ limit: 0 }, { limit: 1001 }, { offset: -1 }, { limit: 1.5 }]) {
      expect((await codeOf(h.trpc.data.sample.query({ id: a.id, ...bad }))).code).toBe("BAD_REQUEST");
    }
    expect((await h.trpc.data.sample.query({ id: a.id, limit: 1000 })).rows).toHaveLength(1);
    // The message names the field and the problem, not the validator's raw JSON.
    expect(await codeOf(h.trpc.data.sample.query({ id: a.id, limit: 0, offset: -1 }))).toEqual({
      code: "BAD_REQUEST",
      message: "limit: Too small: expected number to be >=1; offset: Too small: expected number to be >=0",
    });
  });

  it("profiles a small CSV and keeps the result out of the artifact", async () => {
    const a = await upload(h, "scores.csv", SCORES);
    const profile = await h.trpc.data.profile.query({ id: a.id });
    expect(profile.table).toEqual({ rowCount: 4, columnCount: 4 });
    const [id, name, score, seen] = profile.columns;
    expect(id).toMatchObject({ name: "id", kind: "integer", nullCount: 0, distinctCount: 4, min: 1, max: 4, mean: 2.5 });
    expect(id?.std).toBeCloseTo(1.291, 3);
    expect(name).toMatchObject({ kind: "string", nullCount: 0, distinctCount: 3 });
    expect(name?.topValues[0]).toEqual({ value: "ada", count: 2 });
    expect(score).toMatchObject({ kind: "number", nullCount: 1, nullFraction: 0.25, min: 7, max: 9.5, mean: 25 / 3 });
    expect(score?.quantiles?.p50).toBe(8.5);
    expect(score?.histogram?.reduce((n, b) => n + b.count, 0)).toBe(3);
    expect(seen).toMatchObject({ kind: "timestamp", nullCount: 1 });
    // Cached: the second answer comes from metadata, which data.get never sends.
    expect(await h.trpc.data.profile.query({ id: a.id })).toEqual(profile);
    const row = await h.core.db.dataArtifact.findUniqueOrThrow({ where: { id: a.id } });
    expect((row.metadata as { fullProfile?: unknown }).fullProfile).toEqual(profile);
    expect(await h.trpc.data.get.query({ id: a.id })).not.toHaveProperty("metadata.fullProfile");
  });

  it("marks a binary upload failed and answers sample and profile with BAD_REQUEST", async () => {
    const a = await upload(h, "blob.bin", new Uint8Array([0, 1, 2, 3, 255]), "application/octet-stream");
    expect(a.metadata).toEqual({ profileStatus: "failed", profileError: "not a tabular format the engine reads" });
    const sample = await codeOf(h.trpc.data.sample.query({ id: a.id }));
    expect(sample).toEqual({
      code: "BAD_REQUEST",
      message: "blob.bin is not a table the engine can read: not a tabular format the engine reads",
    });
    expect((await codeOf(h.trpc.data.profile.query({ id: a.id }))).code).toBe("BAD_REQUEST");

    const broken = await upload(h, "broken.json", '{"nodes": [1, 2', "application/json");
    const failed = await waitForProfile(h, broken.id);
    expect(failed.metadata).toMatchObject({ profileStatus: "failed", profileError: expect.any(String) });
    const { code, message } = await codeOf(h.trpc.data.profile.query({ id: broken.id }));
    expect(code).toBe("BAD_REQUEST");
    expect(message).toBe(`broken.json is not a table the engine can read: ${failed.metadata.profileError}`);
  });

  it("answers NOT_FOUND for an unknown id", async () => {
    expect((await codeOf(h.trpc.data.sample.query({ id: "nope" }))).code).toBe("NOT_FOUND");
    expect((await codeOf(h.trpc.data.profile.query({ id: "nope" }))).code).toBe("NOT_FOUND");
  });

  it("removes the snapshot with the artifact", async () => {
    const a = await upload(h, "gone.csv", SCORES);
    const { metadata } = await waitForProfile(h, a.id);
    expect(await storedFiles(h)).toContain(metadata.snapshotKey);
    await h.trpc.data.delete.mutate({ id: a.id });
    expect(await storedFiles(h)).not.toContain(metadata.snapshotKey);
    expect((await codeOf(h.trpc.data.sample.query({ id: a.id }))).code).toBe("NOT_FOUND");
  });

  it("leaves no snapshot behind when the artifact is deleted while it is being profiled", async () => {
    const a = await upload(h, "short-lived.csv", SCORES);
    await h.trpc.data.delete.mutate({ id: a.id });
    const later = await upload(h, "later.csv", SCORES);
    await waitForProfile(h, later.id); // one profile at a time, in order: the deleted one has ended
    expect((await storedFiles(h)).filter((f) => f.includes(a.id))).toEqual([]);
  });

  it("profiles an artifact without a profile status (a job result) on first read", async () => {
    const key = "results/manual/out.csv";
    await h.core.storage.put(key, Readable.from(["x,y\n1,2\n3,4\n"]));
    const row = await h.core.db.dataArtifact.create({
      data: {
        filename: "out.csv",
        storageKey: key,
        sizeBytes: 12n,
        contentType: "text/csv",
        format: "csv",
        sha256: "0".repeat(64),
        metadata: { rowCount: 2 },
      },
    });
    expect((await h.trpc.data.sample.query({ id: row.id })).rows).toEqual([
      { x: 1, y: 2 },
      { x: 3, y: 4 },
    ]);
    expect((await h.trpc.data.get.query({ id: row.id })).metadata).toMatchObject({
      profileStatus: "ready",
      columnCount: 2,
      snapshotKey: `tables/${row.id}.parquet`,
    });
  });

  it("re-profiles an artifact left pending when a new core starts on the same data", async () => {
    const key = "uploads/left-pending/data.csv";
    await h.core.storage.put(key, Readable.from([SCORES]));
    const row = await h.core.db.dataArtifact.create({
      data: {
        filename: "data.csv",
        storageKey: key,
        sizeBytes: SCORES.length,
        contentType: "text/csv",
        format: "csv",
        sha256: "0".repeat(64),
        metadata: { profileStatus: "pending" },
      },
    });
    const restarted = await createCore(h.core.config);
    try {
      const deadline = Date.now() + patience();
      while ((await restarted.data.get(row.id)).metadata.profileStatus === "pending" && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 25));
      expect((await restarted.data.get(row.id)).metadata).toMatchObject({ profileStatus: "ready", rowCount: 4, columnCount: 4 });
    } finally {
      await restarted.close();
    }
  });
});
