import { createHash } from "node:crypto";
import http from "node:http";
import path from "node:path";
import type { TDataArtifact } from "@aw/core";
import { patience } from "../../../packages/core/src/test-patience.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, storedFiles, testProviders, uploadFile, waitForProfile, type THarness } from "./harness.ts";

const CSV = "id,name,score\n1,ada,9.5\n2,grace,8.25\n3,linus,7\n";
const sha256 = (s: string | Buffer) => createHash("sha256").update(s).digest("hex");

/**
 * Files the upload path writes. Background profiles of earlier uploads write snapshots (through
 * .partial/ into tables/), so this waits until no profile is pending and leaves tables/ out.
 */
async function uploadFiles(h: THarness) {
  await waitFor(async () => {
    const rows = await h.core.db.dataArtifact.findMany({ select: { metadata: true } });
    return rows.every((r) => (r.metadata as { profileStatus?: string }).profileStatus !== "pending");
  }, "background profiles to settle");
  return (await storedFiles(h)).filter((f) => !f.startsWith("tables/"));
}

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = patience()): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.each(await testProviders())("upload (%s)", (provider) => {
  let h: THarness;
  beforeAll(async () => {
    h = await startServer({ provider, env: { UPLOAD_MAX_BYTES: String(64 * 1024) } });
  });
  afterAll(() => h?.close());

  it("stores a CSV and records its size, sha256, format and content type", async () => {
    const res = await uploadFile(h, "scores.csv", CSV, "application/octet-stream");
    expect(res.status).toBe(201);
    const artifact = (await res.json()) as TDataArtifact;
    expect(artifact).toMatchObject({
      filename: "scores.csv",
      sizeBytes: CSV.length,
      sha256: sha256(CSV),
      format: "csv",
      contentType: "text/csv",
    });
    expect(res.headers.get("location")).toBe(`/api/v1/data/${artifact.id}/download`);
    const row = await h.core.db.dataArtifact.findUniqueOrThrow({ where: { id: artifact.id } });
    expect(row.sizeBytes).toBe(BigInt(CSV.length));
    expect(row.storageKey).toMatch(/^uploads\/[0-9a-f-]{36}\/scores\.csv$/);
    expect(await h.core.storage.stat(row.storageKey)).toEqual({ key: row.storageKey, sizeBytes: CSV.length });
  });

  it("answers before profiling, then records the quick profile in the background", async () => {
    const uploaded = (await (await uploadFile(h, "profiled.csv", CSV)).json()) as TDataArtifact;
    expect(uploaded.metadata).toEqual({ profileStatus: "pending" });
    const artifact = await waitForProfile(h, uploaded.id);
    expect(artifact.metadata).toMatchObject({
      profileStatus: "ready",
      rowCount: 3,
      columnCount: 3,
      snapshotKey: `tables/${uploaded.id}.parquet`,
    });
    expect(artifact.metadata.columns?.map((c) => c.name)).toEqual(["id", "name", "score"]);
    expect(artifact.metadata.loadParams).toMatchObject({ format: "csv", delimiter: "," });
  });

  it("keeps an upload whose content cannot be profiled, with the reason", async () => {
    const res = await uploadFile(h, "broken.json", '{"nodes": [1, 2', "application/json");
    expect(res.status).toBe(201);
    const uploaded = (await res.json()) as TDataArtifact;
    expect(uploaded.format).toBe("json");
    const artifact = await waitForProfile(h, uploaded.id);
    expect(artifact.metadata).toMatchObject({ profileStatus: "failed", profileError: expect.any(String) });
    expect(artifact.metadata.snapshotKey).toBeUndefined();
  });

  it("detects formats from magic bytes and content, not only the extension", async () => {
    const parquet = (await (
      await uploadFile(h, "really-parquet.csv", new Uint8Array([0x50, 0x41, 0x52, 0x31, 1, 2, 3]))
    ).json()) as TDataArtifact;
    expect(parquet.format).toBe("parquet");
    const jsonl = (await (await uploadFile(h, "events.txt", '{"a":1}\n{"a":2}\n')).json()) as TDataArtifact;
    expect(jsonl.format).toBe("jsonl");
    const gzip = (await (await uploadFile(h, "x.csv.gz", new Uint8Array([0x1f, 0x8b, 8, 0]))).json()) as TDataArtifact;
    expect(gzip.format).toBe("gzip");
    const binary = (await (await uploadFile(h, "blob.bin", new Uint8Array([0, 1, 2, 3]), "text/html")).json()) as TDataArtifact;
    expect(binary).toMatchObject({ format: "unknown", contentType: "text/html" });
  });

  it("rejects a file over UPLOAD_MAX_BYTES with 413 and stores nothing", async () => {
    const before = await h.core.db.dataArtifact.count();
    const res = await uploadFile(h, "big.csv", "x".repeat(64 * 1024 + 1));
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({
      error: { code: "PAYLOAD_TOO_LARGE", message: "file is larger than the upload limit of 64 KiB" },
    });
    expect(await h.core.db.dataArtifact.count()).toBe(before);
    expect((await uploadFiles(h)).filter((f) => f.includes("big.csv") || f.startsWith(".partial/"))).toEqual([]);
  });

  it("accepts a file of exactly UPLOAD_MAX_BYTES", async () => {
    const res = await uploadFile(h, "exact.csv", "y".repeat(64 * 1024));
    expect(res.status).toBe(201);
  });

  it("rejects an empty file with 400", async () => {
    const before = await uploadFiles(h);
    const res = await uploadFile(h, "empty.csv", "");
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: "BAD_REQUEST", message: "file is empty" } });
    expect(await uploadFiles(h)).toEqual(before);
  });

  it("rejects a request without a file with 400", async () => {
    const form = new FormData();
    form.append("notes", "no file here");
    const res = await fetch(`${h.url}/api/v1/data/upload`, { method: "POST", body: form });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/field "file"/);
    const json = await fetch(`${h.url}/api/v1/data/upload`, {
      method: "POST",
      body: "{}",
      headers: { "content-type": "application/json" },
    });
    expect(json.status).toBe(400);
  });

  it("rejects a file sent under another field name with 400", async () => {
    const form = new FormData();
    form.append("upload", new Blob(["a,b\n"]), "a.csv");
    const res = await fetch(`${h.url}/api/v1/data/upload`, { method: "POST", body: form });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      error: { code: "BAD_REQUEST", message: 'unexpected file field "upload": send the file in the multipart field "file"' },
    });
  });

  it("removes an already stored file when a second file breaks the one-file limit", async () => {
    const rowsBefore = await h.core.db.dataArtifact.count();
    const filesBefore = await uploadFiles(h);
    const form = new FormData();
    form.append("file", new Blob(["a,b\n1,2\n"]), "first.csv");
    form.append("file", new Blob(["a,b\n3,4\n"]), "second.csv");
    const res = await fetch(`${h.url}/api/v1/data/upload`, { method: "POST", body: form });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe('one file per upload, in the multipart field "file"');
    expect(await h.core.db.dataArtifact.count()).toBe(rowsBefore);
    // The first file's background profile may be writing its snapshot; it removes it on finding the row gone.
    await expect.poll(() => uploadFiles(h)).toEqual(filesBefore);
  });

  it("stores a traversal filename safely under its own key", async () => {
    const res = await uploadFile(h, "../../etc/passwd", "root:x:0:0\n", "text/plain");
    expect(res.status).toBe(201);
    const artifact = (await res.json()) as TDataArtifact;
    expect(artifact.filename).toBe("passwd");
    expect(artifact.storageKey).toMatch(/^uploads\/[0-9a-f-]{36}\/passwd$/);
    const file = path.resolve(h.core.config.storageLocalRoot, artifact.storageKey);
    expect(file.startsWith(h.core.config.storageLocalRoot + path.sep)).toBe(true);
    const windows = (await (await uploadFile(h, "..\\..\\boot.ini", "x")).json()) as TDataArtifact;
    expect(windows.filename).toBe("boot.ini");
  });

  it("leaves neither a row nor an object when the client aborts mid-stream", async () => {
    const rowsBefore = await h.core.db.dataArtifact.count();
    const filesBefore = await uploadFiles(h);
    const boundary = "----aw-test-boundary";
    const req = http.request(`${h.url}/api/v1/data/upload`, {
      method: "POST",
      headers: { "content-type": `multipart/form-data; boundary=${boundary}`, "content-length": String(60 * 1024) },
    });
    req.on("error", () => {}); // we break the connection on purpose
    req.write(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="partial.csv"\r\nContent-Type: text/csv\r\n\r\n`);
    req.write("a,b\n".repeat(5000)); // 20 KB of a promised 60 KB
    await waitFor(async () => (await uploadFiles(h)).some((f) => f.startsWith(".partial/")), "the upload to reach storage");
    req.destroy();
    await waitFor(async () => !(await uploadFiles(h)).some((f) => f.startsWith(".partial/")), "the partial file to be removed");
    expect(await uploadFiles(h)).toEqual(filesBefore);
    expect(await h.core.db.dataArtifact.count()).toBe(rowsBefore);
  });

  describe("as the whole body (application/octet-stream, ?filename=)", () => {
    const raw = (filename: string | null, body: string) =>
      fetch(`${h.url}/api/v1/data/upload${filename === null ? "" : `?filename=${encodeURIComponent(filename)}`}`, {
        method: "POST",
        body,
        headers: { "content-type": "application/octet-stream" },
      });

    it("stores the file under its name, detects its format and profiles it", async () => {
      const res = await raw("raw scores.csv", CSV);
      expect(res.status).toBe(201);
      const artifact = (await res.json()) as TDataArtifact;
      expect(artifact).toMatchObject({ filename: "raw scores.csv", sizeBytes: CSV.length, sha256: sha256(CSV), format: "csv" });
      expect(res.headers.get("location")).toBe(`/api/v1/data/${artifact.id}/download`);
      expect((await waitForProfile(h, artifact.id)).metadata).toMatchObject({ profileStatus: "ready", rowCount: 3 });
      const download = await fetch(`${h.url}/api/v1/data/${artifact.id}/download`);
      expect(await download.text()).toBe(CSV);
    });

    it("asks for the file name when the query has none", async () => {
      const before = await uploadFiles(h);
      const res = await raw(null, CSV);
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({
        error: { code: "BAD_REQUEST", message: "name the file in the query: /api/v1/data/upload?filename=<name>" },
      });
      expect(await uploadFiles(h)).toEqual(before);
    });

    it("refuses a body over UPLOAD_MAX_BYTES with 413 and stores nothing", async () => {
      const rowsBefore = await h.core.db.dataArtifact.count();
      const filesBefore = await uploadFiles(h);
      const res = await raw("big.csv", "x".repeat(64 * 1024 + 1));
      expect(res.status).toBe(413);
      expect(await res.json()).toMatchObject({
        error: { code: "PAYLOAD_TOO_LARGE", message: "file is larger than the upload limit of 64 KiB" },
      });
      expect(await h.core.db.dataArtifact.count()).toBe(rowsBefore);
      expect(await uploadFiles(h)).toEqual(filesBefore);
    });

    it("refuses an empty body and a traversal name keeps only its last segment", async () => {
      const empty = await raw("empty.csv", "");
      expect(empty.status).toBe(400);
      expect(await empty.json()).toMatchObject({ error: { message: "file is empty" } });
      const traversal = (await (await raw("../../etc/passwd", "root:x\n")).json()) as TDataArtifact;
      expect(traversal.filename).toBe("passwd");
    });
  });
});
