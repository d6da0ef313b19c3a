import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DOWNLOAD_LINK_SECONDS, downloadLink } from "../src/download-links.ts";
import { startServer, uploadFile, type THarness } from "./harness.ts";

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
    return fetch(`${h.url}/trpc/jobs.onJob?${query.toString()}`, { signal: AbortSignal.timeout(5000) });
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
    const res = await fetch(
      `${h.url}/api/v1/data/x/download?connectionParams=${encodeURIComponent(JSON.stringify({ token: "s3cret-token" }))}`,
    );
    expect(res.status).toBe(401);
  });
});

describe("signed download links", () => {
  let h: THarness;
  let id: string;
  beforeAll(async () => {
    h = await startServer({ env: { AW_API_TOKEN: "s3cret-token" } });
    id = ((await (await uploadFile(h, "points.csv", "x,y\n1,2\n")).json()) as { id: string }).id;
  });
  afterAll(() => h?.close());

  it("lets a browser download by the link alone, until it expires", async () => {
    const link = await h.trpc.data.downloadLink.query({ id });
    expect(link.url).toMatch(new RegExp(`^/api/v1/data/${id}/download\\?expires=\\d+&signature=[0-9a-f]{64}$`));
    expect(Date.parse(link.expiresAt!) - Date.now()).toBeGreaterThan(9 * 60_000);
    const res = await fetch(`${h.url}${link.url}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("x,y\n1,2\n");
    expect((await fetch(`${h.url}${link.url}`, { headers: { range: "bytes=0-2" } })).status).toBe(206);

    // Expired, for another artifact, tampered with, or for another route: refused.
    const expired = downloadLink("s3cret-token", id, Date.now() - DOWNLOAD_LINK_SECONDS * 1000 - 1000).url;
    const other = (await h.trpc.data.downloadLink.query({ id })).url.replace(id, "someone-else");
    const tampered = link.url.replace(/signature=./, (m) => (m.endsWith("0") ? m.slice(0, -1) + "1" : m.slice(0, -1) + "0"));
    const forged = downloadLink("guessed-token", id).url;
    for (const url of [expired, other, tampered, forged, link.url.split("?")[0]!]) {
      expect((await fetch(`${h.url}${url}`)).status, url).toBe(401);
    }
    const query = link.url.split("?")[1];
    expect((await fetch(`${h.url}/api/v1/data/upload?${query}`, { method: "POST" })).status).toBe(401);
  });

  it("answers NOT_FOUND for an unknown id instead of a dead link", async () => {
    await expect(h.trpc.data.downloadLink.query({ id: "nope" })).rejects.toThrow(/data nope not found/);
  });
});
