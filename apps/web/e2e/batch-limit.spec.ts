// The UI's tRPC client against the real server: however many calls a page makes at once, no
// batched request carries more than the server's TRPC_MAX_BATCH_SIZE (default 50).
import { expect, test } from "@playwright/test";
import { createTrpcClient } from "../src/trpc.ts";

test("the UI's client splits 120 simultaneous calls into batches the server accepts", async ({ baseURL }) => {
  // The client as the browser builds it: relative URLs and a token store, here on Node.
  const store = new Map<string, string>();
  Object.assign(globalThis, {
    localStorage: {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, v),
      removeItem: (k: string) => void store.delete(k),
    },
  });
  const batches: number[] = [];
  const realFetch = globalThis.fetch;
  globalThis.fetch = (input, init) => {
    const url = new URL(input instanceof Request ? input.url : input, baseURL);
    if (url.searchParams.get("batch") === "1") batches.push(url.pathname.replace(/^\/trpc\//, "").split(",").length);
    return realFetch(url, init);
  };
  try {
    const client = createTrpcClient();
    const answers = await Promise.all(Array.from({ length: 120 }, () => client.health.check.query()));
    expect(answers).toHaveLength(120);
    expect(batches.reduce((a, b) => a + b, 0)).toBe(120);
    expect(Math.max(...batches)).toBeLessThanOrEqual(50);
  } finally {
    globalThis.fetch = realFetch;
    Reflect.deleteProperty(globalThis, "localStorage");
  }
});
