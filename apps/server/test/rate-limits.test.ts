import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { redisTestEnv } from "../../../packages/core/src/jobs/test-kit.ts";
import { startServer, uploadFile, type THarness } from "./harness.ts";

const redis = await redisTestEnv();
const stores = redis ? (["memory", "redis"] as const) : (["memory"] as const);

describe.each(stores)("rate limits (%s store)", (store) => {
  let h: THarness;
  beforeAll(async () => {
    const env = {
      RATE_LIMIT_API_PER_MINUTE: "4",
      RATE_LIMIT_UPLOADS_PER_MINUTE: "1",
      RATE_LIMIT_SIGN_IN_PER_ACCOUNT: "2",
      RATE_LIMIT_SIGN_IN_PER_IP: "3",
    };
    h = await startServer({ env: store === "redis" ? { ...env, REDIS_URL: redis!.env.REDIS_URL, QUEUE_PREFIX: redis!.prefix } : env });
  });
  afterAll(async () => {
    await h.close();
    if (store === "redis") await redis?.clean();
  });

  it("uses the store the configuration asks for", () => {
    expect(h.core.rateLimits.store).toBe(store);
  });

  it("answers 429 with Retry-After on REST once a caller's uploads are spent, and counts callers apart", async () => {
    expect((await uploadFile(h, "one.csv", "a\n1\n")).status).toBe(201);
    const refused = await uploadFile(h, "two.csv", "a\n2\n");
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    const body = (await refused.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("TOO_MANY_REQUESTS");
    expect(body.error.message).toMatch(/too many uploads: at most 1 per 60 s; try again in \d+ s/);
    // Another caller (a different bearer token, no API token configured) has its own allowance.
    const other = await uploadFile({ ...h, headers: { authorization: "Bearer someone-else" } }, "three.csv", "a\n3\n");
    expect(other.status).toBe(201);
  });

  it("answers 429 with Retry-After on tRPC once a caller's API calls are spent", async () => {
    const headers = { authorization: "Bearer trpc-caller" };
    const call = () => fetch(`${h.url}/trpc/audit.actors`, { headers });
    for (let i = 0; i < 4; i += 1) expect((await call()).status).toBe(200);
    const refused = await call();
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    const body = (await refused.json()) as { error: { json: { message: string; data: { code: string } } } };
    expect(body.error.json.data.code).toBe("TOO_MANY_REQUESTS");
    expect(body.error.json.message).toMatch(/too many requests: at most 4 per 60 s/);
  });

  it("limits sign-in attempts per account and per address", async () => {
    const { consumeSignIn } = h.core.rateLimits;
    expect((await consumeSignIn("Ada@example.com", "10.0.0.1")).allowed).toBe(true);
    expect((await consumeSignIn("ada@example.com ", "10.0.0.2")).allowed).toBe(true);
    const account = await consumeSignIn("ADA@example.com", "10.0.0.3");
    expect(account).toMatchObject({ allowed: false, message: expect.stringMatching(/for this account/) });
    expect(account.allowed || account.retryAfterSeconds).toBeGreaterThan(60);
    // The address 10.0.0.1 has tried once; two other accounts from it spend its three attempts.
    expect((await consumeSignIn("bob@example.com", "10.0.0.1")).allowed).toBe(true);
    expect((await consumeSignIn("cy@example.com", "10.0.0.1")).allowed).toBe(true);
    expect(await consumeSignIn("dee@example.com", "10.0.0.1")).toMatchObject({
      allowed: false,
      message: expect.stringMatching(/from this address/),
    });
  });
});
