import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type THarness } from "./harness.ts";

describe("API token on subscriptions", () => {
  let h: THarness;
  beforeAll(async () => {
    h = await startServer({ env: { AW_API_TOKEN: "s3cret-token" } });
  });
  afterAll(() => h?.close());

  // A browser EventSource cannot send headers, so subscriptions carry the token as tRPC connection params.
  const subscribe = (connectionParams: unknown) => {
    const query = new URLSearchParams({ input: JSON.stringify({ json: { id: "no-such-job" } }) });
    if (connectionParams !== undefined) query.set("connectionParams", JSON.stringify(connectionParams));
    return fetch(`${h.url}/trpc/jobs.onJob?${query}`, { signal: AbortSignal.timeout(5000) });
  };

  it("refuses a subscription without the token or with a wrong one", async () => {
    for (const params of [undefined, null, { token: "wrong" }, { token: 42 }, "not-an-object"]) {
      const res = await subscribe(params);
      expect(res.status, JSON.stringify(params)).toBe(401);
      expect(await res.json()).toMatchObject({ error: { code: "UNAUTHORIZED" } });
    }
  });

  it("accepts the token in connection params", async () => {
    const res = await subscribe({ token: "s3cret-token" });
    expect(res.status).not.toBe(401);
    await res.body?.cancel();
  });

  it("does not accept connection params in place of the header for plain calls elsewhere", async () => {
    const res = await fetch(`${h.url}/api/v1/data/x/download?connectionParams=${encodeURIComponent(JSON.stringify({ token: "s3cret-token" }))}`);
    expect(res.status).toBe(401);
  });
});
