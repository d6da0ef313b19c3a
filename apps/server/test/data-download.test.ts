import type { TDataArtifact } from "@aw/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, uploadFile, type THarness } from "./harness.ts";

const BYTES = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 251));

describe("download", () => {
  let h: THarness;
  let artifact: TDataArtifact;
  const download = (id: string, headers: Record<string, string> = {}) => fetch(`${h.url}/api/v1/data/${id}/download`, { headers });

  beforeAll(async () => {
    h = await startServer();
    artifact = (await (await uploadFile(h, "bytes.bin", BYTES, "application/octet-stream")).json()) as TDataArtifact;
  });
  afterAll(() => h?.close());

  it("streams the exact bytes with length, type, disposition and range support", async () => {
    const res = await download(artifact.id);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(BYTES)).toBe(true);
    expect(res.headers.get("content-length")).toBe("1000");
    expect(res.headers.get("content-type")).toBe("application/octet-stream");
    expect(res.headers.get("accept-ranges")).toBe("bytes");
    expect(res.headers.get("etag")).toBe(`"${artifact.sha256}"`);
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="bytes.bin"; filename*=UTF-8''bytes.bin`);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("links to the download plainly when the server needs no token", async () => {
    expect(await h.trpc.data.downloadLink.query({ id: artifact.id })).toEqual({
      url: `/api/v1/data/${artifact.id}/download`,
      expiresAt: null,
    });
  });

  it("answers a HEAD with headers only", async () => {
    const res = await fetch(`${h.url}/api/v1/data/${artifact.id}/download`, { method: "HEAD" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-length")).toBe("1000");
  });

  it.each([
    ["bytes=2-5", 2, 5],
    ["bytes=990-", 990, 999],
    ["bytes=-3", 997, 999],
    ["bytes=995-5000", 995, 999],
  ])("serves Range %s as 206", async (range, start, end) => {
    const res = await download(artifact.id, { range });
    expect(res.status).toBe(206);
    expect(res.headers.get("content-range")).toBe(`bytes ${start}-${end}/1000`);
    expect(res.headers.get("content-length")).toBe(String(end - start + 1));
    expect(Buffer.from(await res.arrayBuffer()).equals(BYTES.subarray(start, end + 1))).toBe(true);
  });

  it("answers an unsatisfiable range with 416 and the size", async () => {
    const res = await download(artifact.id, { range: "bytes=1000-1010" });
    expect(res.status).toBe(416);
    expect(res.headers.get("content-range")).toBe("bytes */1000");
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("RANGE_NOT_SATISFIABLE");
  });

  it("ignores a malformed or multi-part range and sends the whole file", async () => {
    for (const range of ["bytes=abc", "items=0-5", "bytes=0-1,5-6"]) {
      const res = await download(artifact.id, { range });
      expect(res.status, range).toBe(200);
      expect((await res.arrayBuffer()).byteLength).toBe(1000);
    }
  });

  it("sends non-ASCII and hostile names with an ASCII fallback and an RFC 5987 filename*", async () => {
    const accented = (await (await uploadFile(h, "données été.csv", "a\n1\n")).json()) as TDataArtifact;
    const res = await download(accented.id);
    expect(res.headers.get("content-disposition")).toBe(
      `attachment; filename="donn_es _t_.csv"; filename*=UTF-8''donn%C3%A9es%20%C3%A9t%C3%A9.csv`,
    );
    expect(res.headers.get("content-type")).toBe("text/csv");
    await res.arrayBuffer();

    const hostile = (await (await uploadFile(h, 'a"b\\c;(x)*.csv', "a\n1\n")).json()) as TDataArtifact;
    const res2 = await download(hostile.id);
    expect(res2.headers.get("content-disposition")).toBe(`attachment; filename="c;(x)*.csv"; filename*=UTF-8''c%3B%28x%29%2A.csv`);
    await res2.arrayBuffer();
  });

  it("answers an unknown id with 404 JSON", async () => {
    const res = await download("does-not-exist");
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: "NOT_FOUND", message: "data does-not-exist not found" } });
  });

  it("answers unknown API routes with 404 JSON, never HTML", async () => {
    const res = await fetch(`${h.url}/api/v1/nope`);
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toMatch(/application\/json/);
  });
});
