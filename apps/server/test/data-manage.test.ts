import fs from "node:fs/promises";
import path from "node:path";
import type { TDataArtifact } from "@aw/core";
import { TRPCClientError } from "@trpc/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppRouter } from "../src/trpc/router.ts";
import { startS3TestServer, type TS3TestServer } from "../../../packages/core/src/storage/s3-test-server.ts";
import { startServer, storedFiles, testProviders, uploadFile, waitForProfile, type THarness } from "./harness.ts";

async function upload(h: THarness, name: string, content: string): Promise<TDataArtifact> {
  const res = await uploadFile(h, name, content);
  expect(res.status).toBe(201);
  return (await res.json()) as TDataArtifact;
}

async function trpcCode(promise: Promise<unknown>): Promise<string | undefined> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TRPCClientError);
  return (err as TRPCClientError<AppRouter>).data?.code;
}

describe.each(await testProviders())("data list, get and delete over tRPC (%s)", (provider) => {
  let h: THarness;
  beforeAll(async () => {
    h = await startServer({ provider });
  });
  afterAll(() => h?.close());

  it("lists with pagination, sorting and search", async () => {
    const names = ["cherry.csv", "apple.csv", "big-banana.csv", "date.csv", "banana.csv"];
    for (const [i, name] of names.entries()) await upload(h, name, "x\n".repeat(i + 1));

    const first = await h.trpc.data.list.query({ page: 1, pageSize: 2, sort: "filename", order: "asc" });
    expect(first.total).toBe(5);
    expect(first.items.map((a) => a.filename)).toEqual(["apple.csv", "banana.csv"]);
    const third = await h.trpc.data.list.query({ page: 3, pageSize: 2, sort: "filename", order: "asc" });
    expect(third.items.map((a) => a.filename)).toEqual(["date.csv"]);

    const bySize = await h.trpc.data.list.query({ sort: "sizeBytes", order: "desc", pageSize: 1 });
    expect(bySize.items[0]).toMatchObject({ filename: "banana.csv", sizeBytes: 10 });

    const newest = await h.trpc.data.list.query({});
    expect(newest.items.map((a) => a.filename)).toEqual([...names].reverse()); // default: newest first

    const search = await h.trpc.data.list.query({ search: "BANANA" }); // case-insensitive on both databases
    expect(search.items.map((a) => a.filename).sort()).toEqual(["banana.csv", "big-banana.csv"]);
    expect(search.total).toBe(2);
  });

  it("validates list input", async () => {
    expect(await trpcCode(h.trpc.data.list.query({ pageSize: 0 }))).toBe("BAD_REQUEST");
    expect(await trpcCode(h.trpc.data.list.query({ sort: "storageKey" as "filename" }))).toBe("BAD_REQUEST");
  });

  it("gets one artifact and answers NOT_FOUND for an unknown id", async () => {
    const a = await upload(h, "one.csv", "a\n1\n");
    expect(await h.trpc.data.get.query({ id: a.id })).toMatchObject({ id: a.id, filename: "one.csv", sizeBytes: 4 });
    expect(await trpcCode(h.trpc.data.get.query({ id: "missing" }))).toBe("NOT_FOUND");
  });

  it("deletes the row and the stored object", async () => {
    const a = await upload(h, "gone.csv", "a\n1\n");
    expect(await h.trpc.data.delete.mutate({ id: a.id })).toEqual({ id: a.id, detachedJobs: 0 });
    expect(await h.core.db.dataArtifact.findUnique({ where: { id: a.id } })).toBeNull();
    expect(await h.core.storage.stat(a.storageKey)).toBeNull();
    expect((await storedFiles(h)).some((f) => f.startsWith(a.storageKey.split("/").slice(0, 2).join("/")))).toBe(false);
    expect(await trpcCode(h.trpc.data.delete.mutate({ id: a.id }))).toBe("NOT_FOUND");
  });

  it("refuses to delete data jobs use unless forced, then detaches those jobs", async () => {
    const input = await upload(h, "input.csv", "a\n1\n");
    const result = await upload(h, "result.csv", "a\n2\n");
    const workflow = await h.core.db.workflow.create({ data: { name: "wf", steps: [], globalConfig: {} } });
    const job = await h.core.db.job.create({
      data: {
        workflowId: workflow.id,
        workflowVersion: 1,
        status: "completed",
        inputDataId: input.id,
        resultDataId: result.id,
        parameters: {},
        metadata: {},
      },
    });
    await h.core.db.dataArtifact.update({ where: { id: result.id }, data: { sourceJobId: job.id, parentId: input.id } });

    const refused = h.trpc.data.delete.mutate({ id: input.id });
    await expect(refused).rejects.toThrow(`data ${input.id} is used by 1 job(s); delete them first or pass force`);
    expect(await trpcCode(h.trpc.data.delete.mutate({ id: result.id }))).toBe("CONFLICT");
    expect(await h.core.storage.stat(input.storageKey)).not.toBeNull();

    expect(await h.trpc.data.delete.mutate({ id: input.id, force: true })).toEqual({ id: input.id, detachedJobs: 1 });
    expect(await h.trpc.data.delete.mutate({ id: result.id, force: true })).toEqual({ id: result.id, detachedJobs: 1 });
    expect(await h.core.db.job.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({ inputDataId: null, resultDataId: null });
    expect(await h.core.storage.stat(input.storageKey)).toBeNull();
  });

  it("never deletes the input of an active job, even with force", async () => {
    const input = await upload(h, "busy.csv", "a\n1\n");
    const workflow = await h.core.db.workflow.create({ data: { name: "wf2", steps: [], globalConfig: {} } });
    await h.core.db.job.create({
      data: { workflowId: workflow.id, workflowVersion: 1, status: "running", inputDataId: input.id, parameters: {}, metadata: {} },
    });
    await expect(h.trpc.data.delete.mutate({ id: input.id, force: true })).rejects.toThrow(/input of 1 active job/);
    expect(await h.core.db.dataArtifact.findUnique({ where: { id: input.id } })).not.toBeNull();
  });

  it("reports storage in health", async () => {
    expect(await h.trpc.health.check.query()).toMatchObject({ ok: true, storage: { ok: true, detail: "local" } });
  });
});

describe("API token", () => {
  let h: THarness;
  beforeAll(async () => {
    h = await startServer({ env: { AW_API_TOKEN: "s3cret-token" } });
  });
  afterAll(() => h?.close());

  it("requires the bearer token on /api and /trpc", async () => {
    for (const path of ["/api/v1/data/x/download", "/trpc/health.check"]) {
      const res = await fetch(`${h.url}${path}`);
      expect(res.status, path).toBe(401);
      expect(await res.json()).toMatchObject({ error: { code: "UNAUTHORIZED" } });
      const wrong = await fetch(`${h.url}${path}`, { headers: { authorization: "Bearer wrong" } });
      expect(wrong.status, path).toBe(401);
    }
    const anonymousUpload = await uploadFile({ url: h.url, headers: {} }, "a.csv", "a\n1\n");
    expect(anonymousUpload.status).toBe(401);
    expect(await h.core.db.dataArtifact.count()).toBe(0);
  });

  it("lets requests with the token through", async () => {
    const res = await uploadFile(h, "a.csv", "a\n1\n");
    expect(res.status).toBe(201);
    expect((await h.trpc.data.list.query({})).total).toBe(1);
    expect((await fetch(`${h.url}/api/v1/data/nope/download`, { headers: h.headers })).status).toBe(404);
  });
});

describe("with S3 storage", () => {
  let s3: TS3TestServer;
  let h: THarness;
  beforeAll(async () => {
    s3 = await startS3TestServer();
    h = await startServer({ env: { ...s3.env, S3_PREFIX: "aw" } });
  });
  afterAll(async () => {
    await h?.close();
    await s3?.close();
  });

  it("uploads, downloads a range, and deletes through the bucket", async () => {
    const a = await upload(h, "s3.csv", "id,v\n1,a\n2,b\n");
    await waitForProfile(h, a.id);
    expect((await s3.listKeys()).sort()).toEqual([`aw/tables/${a.id}.parquet`, `aw/${a.storageKey}`]);
    const res = await fetch(`${h.url}/api/v1/data/${a.id}/download`, { headers: { range: "bytes=5-7" } });
    expect(res.status).toBe(206);
    expect(await res.text()).toBe("1,a");
    expect(await h.trpc.health.check.query()).toMatchObject({ storage: { ok: true, detail: "s3" } });
    await h.trpc.data.delete.mutate({ id: a.id });
    expect(await s3.listKeys()).toEqual([]);
  });

  it("samples and profiles from a snapshot downloaded once, removed with the artifact", async () => {
    const a = await upload(h, "s3-rows.csv", "id,v\n1,a\n2,b\n3,c\n");
    expect((await h.trpc.data.sample.query({ id: a.id, limit: 2, offset: 1 })).rows).toEqual([
      { id: 2, v: "b" },
      { id: 3, v: "c" },
    ]);
    const cached = path.join(h.dataDir, "cache", "tables", `${a.id}.parquet`);
    expect((await fs.stat(cached)).size).toBeGreaterThan(0);
    expect((await h.trpc.data.profile.query({ id: a.id })).table).toEqual({ rowCount: 3, columnCount: 2 });
    await h.trpc.data.delete.mutate({ id: a.id });
    await expect(fs.stat(cached)).rejects.toThrow();
    expect(await s3.listKeys()).toEqual([]);
  });
});
