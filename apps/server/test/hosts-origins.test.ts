// Other sites cannot reach the API through a browser: Host allow-list, Origin check, no tokens in URLs.
import http from "node:http";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type THarness } from "./harness.ts";

type TReply = { status: number; body: string };

/** http.request, because fetch will not send a Host header of our choosing. */
function send(
  url: string,
  { method = "GET", headers = {}, body }: { method?: string; headers?: Record<string, string>; body?: string | FormData } = {},
): Promise<TReply> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers }, (res) => {
      let text = "";
      res.setEncoding("utf8").on("data", (c: string) => (text += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

const createWorkflow = (url: string, headers: Record<string, string>) =>
  send(`${url}/trpc/workflows.create`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(superjson.serialize({ name: "from afar", steps: [{ type: "profiling", name: "Profile", config: {} }] })),
  });

const MULTIPART =
  '--b\r\nContent-Disposition: form-data; name="file"; filename="x.csv"\r\nContent-Type: text/csv\r\n\r\na,b\n1,2\n\r\n--b--\r\n';
const upload = (url: string, headers: Record<string, string>) =>
  send(`${url}/api/v1/data/upload`, {
    method: "POST",
    headers: { "content-type": "multipart/form-data; boundary=b", ...headers },
    body: MULTIPART,
  });

describe("Host allow-list and Origin check (default settings)", () => {
  let h: THarness;
  let host: string;
  let port: string;
  beforeAll(async () => {
    h = await startServer();
    ({ host, port } = new URL(h.url));
  });
  afterAll(() => h?.close());

  it("answers the bound host and loopback names (at any port: forwarding changes it), and 421 for any other Host (DNS rebinding)", async () => {
    for (const host of ["127.0.0.1", "localhost", "LOCALHOST", "[::1]"].flatMap((name) => [`${name}:${port}`, `${name}:8080`, name])) {
      expect((await send(`${h.url}/trpc/health.check`, { headers: { host } })).status, host).toBe(200);
    }
    for (const other of [`evil.example:${port}`, "evil.example", `127.0.0.1.nip.io:${port}`, `localhost.evil.example:${port}`]) {
      const res = await send(`${h.url}/trpc/health.check`, { headers: { host: other } });
      expect(res.status, other).toBe(421);
      expect(JSON.parse(res.body)).toMatchObject({
        error: {
          code: "MISDIRECTED_REQUEST",
          message: `this server does not answer for the host ${JSON.stringify(other.toLowerCase())}; add it to AW_ALLOWED_HOSTS to allow it`,
        },
      });
    }
    expect((await upload(h.url, { host: `evil.example:${port}` })).status).toBe(421);
  });

  it("refuses state-changing requests from another site's page with 403", async () => {
    const before = await h.core.db.workflow.count();
    const trpc = await createWorkflow(h.url, { origin: "https://evil.example" });
    expect(trpc.status).toBe(403);
    expect(JSON.parse(trpc.body)).toMatchObject({
      error: {
        code: "FORBIDDEN",
        message: 'requests from the origin "https://evil.example" are not allowed; add it to AW_ALLOWED_ORIGINS to allow it',
      },
    });
    expect((await upload(h.url, { origin: "https://evil.example" })).status).toBe(403);
    expect((await upload(h.url, { origin: "null" })).status).toBe(403); // sandboxed frames and file:// pages
    // Another local port is another origin, the Vite dev server's included outside development.
    expect((await upload(h.url, { origin: "http://127.0.0.1:5173" })).status).toBe(403);
    expect(await h.core.db.workflow.count()).toBe(before);
  });

  it("lets its own pages and clients without Origin change state, and anyone read", async () => {
    expect((await createWorkflow(h.url, { origin: `http://${host}` })).status).toBe(200);
    expect((await createWorkflow(h.url, {})).status).toBe(200);
    expect((await upload(h.url, { origin: `http://${host}` })).status).toBe(201);
    expect((await upload(h.url, {})).status).toBe(201);
    // Reads are not state changes; the browser keeps a cross-origin answer from the page (no CORS headers).
    expect((await send(`${h.url}/trpc/health.check`, { headers: { origin: "https://evil.example" } })).status).toBe(200);
  });
});

describe("Host and Origin settings", () => {
  let h: THarness;
  let port: string;
  beforeAll(async () => {
    h = await startServer({
      env: {
        AW_ALLOWED_HOSTS: "aw.example.com, proxy.internal:8443",
        AW_ALLOWED_ORIGINS: "https://aw.example.com",
        NODE_ENV: "development",
      },
    });
    port = new URL(h.url).port;
  });
  afterAll(() => h?.close());

  it("answers AW_ALLOWED_HOSTS entries: without a port at any port, with a port at that one only", async () => {
    for (const host of ["aw.example.com", `aw.example.com:${port}`, "aw.example.com:443", "proxy.internal:8443"]) {
      expect((await send(`${h.url}/trpc/health.check`, { headers: { host } })).status, host).toBe(200);
    }
    expect((await send(`${h.url}/trpc/health.check`, { headers: { host: "proxy.internal:9999" } })).status).toBe(421);
  });

  it("accepts AW_ALLOWED_ORIGINS, and the Vite dev server in development", async () => {
    expect((await createWorkflow(h.url, { origin: "https://aw.example.com" })).status).toBe(200);
    expect((await createWorkflow(h.url, { origin: "http://localhost:5173" })).status).toBe(200);
    expect((await createWorkflow(h.url, { origin: "https://other.example.com" })).status).toBe(403);
  });

  it("gives CORS headers to AW_ALLOWED_ORIGINS only: a preflight passes and answers are readable there", async () => {
    const preflight = await fetch(`${h.url}/trpc/workflows.create`, {
      method: "OPTIONS",
      headers: {
        origin: "https://aw.example.com",
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization,content-type",
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("https://aw.example.com");
    expect(preflight.headers.get("access-control-allow-headers")).toMatch(/Authorization/);
    const read = await fetch(`${h.url}/trpc/health.check`, { headers: { origin: "https://aw.example.com" } });
    expect(read.headers.get("access-control-allow-origin")).toBe("https://aw.example.com");
    expect(read.headers.get("access-control-expose-headers")).toMatch(/X-Request-Id/);

    const other = await fetch(`${h.url}/trpc/health.check`, { headers: { origin: "https://other.example.com" } });
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
    const otherPreflight = await fetch(`${h.url}/api/v1/data/upload`, {
      method: "OPTIONS",
      headers: { origin: "https://other.example.com", "access-control-request-method": "POST" },
    });
    expect(otherPreflight.headers.get("access-control-allow-origin")).toBeNull();
  });

  it('answers every Host with AW_ALLOWED_HOSTS="*"', async () => {
    const open = await startServer({ env: { AW_ALLOWED_HOSTS: "*" } });
    try {
      expect((await send(`${open.url}/trpc/health.check`, { headers: { host: "anything.example" } })).status).toBe(200);
    } finally {
      await open.close();
    }
  });
});

describe("API token in URLs", () => {
  let h: THarness;
  beforeAll(async () => {
    h = await startServer({ env: { AW_API_TOKEN: "s3cret-token" } });
  });
  afterAll(() => h?.close());

  const params = `connectionParams=${encodeURIComponent(JSON.stringify({ token: "s3cret-token" }))}`;

  it("refuses a query or mutation whose token is only in the URL with 401", async () => {
    const query = await fetch(`${h.url}/trpc/health.check?${params}`);
    expect(query.status).toBe(401);
    const batch = await fetch(`${h.url}/trpc/health.check,jobs.stats?batch=1&${params}`);
    expect(batch.status).toBe(401);
    const mutation = await fetch(`${h.url}/trpc/workflows.delete?${params}`, {
      method: "POST",
      body: JSON.stringify({ json: { id: "x" } }),
    });
    expect(mutation.status).toBe(401);
    // A POST to a subscription path is no EventSource either.
    expect((await fetch(`${h.url}/trpc/jobs.onJob?${params}`, { method: "POST", body: "{}" })).status).toBe(401);
  });

  it("accepts it for a subscription's GET, which a browser EventSource makes without headers", async () => {
    const input = encodeURIComponent(JSON.stringify({ json: { id: "no-such-job" } }));
    const res = await fetch(`${h.url}/trpc/jobs.onJob?input=${input}&${params}`, { signal: AbortSignal.timeout(5000) });
    expect(res.status).not.toBe(401);
    await res.body?.cancel();
    expect((await fetch(`${h.url}/trpc/health.check`, { headers: h.headers })).status).toBe(200);
  });
});
