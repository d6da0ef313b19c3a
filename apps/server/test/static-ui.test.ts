// The built UI is served compressed, hashed assets cached for a year, index.html revalidated.
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type THarness } from "./harness.ts";

type TReply = { status: number; headers: http.IncomingHttpHeaders; bytes: number };

/** http.get, because fetch decodes bodies and picks its own Accept-Encoding. */
function get(url: string, acceptEncoding?: string): Promise<TReply> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: acceptEncoding ? { "accept-encoding": acceptEncoding } : {} }, (res) => {
        let bytes = 0;
        res.on("data", (c: Buffer) => (bytes += c.length));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, bytes }));
      })
      .on("error", reject);
  });
}

describe("the built UI", () => {
  let h: THarness;
  const dist = fs.mkdtempSync(path.join(os.tmpdir(), "aw-web-dist-"));
  const script = `export const rows = [${Array.from({ length: 2000 }, (_, i) => `"row ${i}"`).join(",")}];\n`;
  beforeAll(async () => {
    fs.mkdirSync(path.join(dist, "assets"));
    fs.writeFileSync(path.join(dist, "index.html"), '<!doctype html><script type="module" src="/assets/index-abc123.js"></script>');
    fs.writeFileSync(path.join(dist, "assets", "index-abc123.js"), script);
    h = await startServer({ env: { AW_WEB_DIST: dist } });
  });
  afterAll(async () => {
    await h.close();
    fs.rmSync(dist, { recursive: true, force: true });
  });

  it("serves hashed assets in brotli or gzip, as accepted, cached for a year", async () => {
    const br = await get(`${h.url}/assets/index-abc123.js`, "gzip, br");
    expect(br.status).toBe(200);
    expect(br.headers["content-encoding"]).toBe("br");
    expect(br.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(br.bytes).toBeLessThan(script.length / 4);

    const gzip = await get(`${h.url}/assets/index-abc123.js`, "gzip");
    expect(gzip.headers["content-encoding"]).toBe("gzip");
    const plain = await get(`${h.url}/assets/index-abc123.js`);
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.bytes).toBe(script.length);
  });

  it("revalidates index.html on every visit, for any page of the app, and answers a missing asset with 404", async () => {
    for (const page of ["/", "/jobs/abc"]) {
      const res = await get(`${h.url}${page}`, "gzip");
      expect(res.status).toBe(200);
      expect(res.headers["cache-control"]).toBe("no-cache");
      expect(res.headers["content-type"]).toMatch(/text\/html/);
    }
    expect((await get(`${h.url}/assets/gone-000000.js`)).status).toBe(404);
  });
});
