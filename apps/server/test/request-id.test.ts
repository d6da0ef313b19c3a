// Every answer names its request id, and every error repeats it, so a user can quote it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type THarness } from "./harness.ts";

describe("request ids", () => {
  let h: THarness;
  beforeAll(async () => {
    h = await startServer();
  });
  afterAll(() => h.close());

  it("a tRPC error carries the id of its response header in data.requestId", async () => {
    const res = await fetch(`${h.url}/trpc/data.get?input=${encodeURIComponent(JSON.stringify({ json: { id: "no-such-artifact" } }))}`);
    expect(res.status).toBe(404);
    const id = res.headers.get("x-request-id");
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const body = (await res.json()) as { error: { json: { data: { requestId?: string } } } };
    expect(body.error.json.data.requestId).toBe(id);
  });

  it("a REST error body carries it, and a sane incoming id is kept while a hostile one is replaced", async () => {
    const kept = await fetch(`${h.url}/api/v1/nowhere`, { headers: { "x-request-id": "proxy-42.a:b" } });
    expect(kept.status).toBe(404);
    expect(kept.headers.get("x-request-id")).toBe("proxy-42.a:b");
    expect(((await kept.json()) as { error: { requestId?: string } }).error.requestId).toBe("proxy-42.a:b");

    const hostile = await fetch(`${h.url}/api/v1/nowhere`, { headers: { "x-request-id": "<script>alert(1)</script>" } });
    const id = hostile.headers.get("x-request-id");
    expect(id).not.toContain("<");
    expect(((await hostile.json()) as { error: { requestId?: string } }).error.requestId).toBe(id);
  });

  it("two requests get two ids", async () => {
    const [a, b] = await Promise.all([fetch(`${h.url}/trpc/health.check`), fetch(`${h.url}/trpc/health.check`)]);
    expect(a.headers.get("x-request-id")).not.toBe(b.headers.get("x-request-id"));
  });
});
