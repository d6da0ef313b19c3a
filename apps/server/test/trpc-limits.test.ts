// Bounded tRPC requests: body size, batch size, free-form fields, and list items that stay small.
import http from "node:http";
import { JOB_PARAMETERS_MAX_BYTES, type TStepInput } from "@aw/core/schemas";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type THarness } from "./harness.ts";
import { rawRequest } from "./raw-http.ts";

const STEPS: TStepInput[] = [{ type: "profiling", name: "Profile", config: {} }];

/** A chunked POST to /trpc/<path>: the body comes without a Content-Length. */
function postChunked(
  h: THarness,
  path: string,
  body: string,
): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${h.url}/trpc/${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", "transfer-encoding": "chunked" },
    });
    req.on("response", (res) => {
      let text = "";
      res.setEncoding("utf8").on("data", (c: string) => (text += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text, headers: res.headers }));
    });
    // The server may close the connection before taking the whole body; the answer is what counts.
    req.on("error", (err: NodeJS.ErrnoException) => (err.code === "EPIPE" || err.code === "ECONNRESET" ? undefined : reject(err)));
    req.end(body);
  });
}

const jsonInput = (value: unknown) => JSON.stringify(superjson.serialize(value));

describe("tRPC request limits", () => {
  let h: THarness;
  let workflowId: string;
  beforeAll(async () => {
    h = await startServer();
    workflowId = (await h.trpc.workflows.create.mutate({ name: "limits", steps: STEPS })).id;
  });
  afterAll(() => h?.close());

  it("answers a body over 1 MiB with 413 from its Content-Length, before reading it", async () => {
    // Headers only: the 50 MiB never come, so the answer cannot have waited for them.
    const head = `POST /trpc/workflows.create HTTP/1.1\r\nHost: ${new URL(h.url).host}\r\nContent-Type: application/json\r\nContent-Length: ${50 * 1024 ** 2}\r\n\r\n`;
    const res = await rawRequest(h.url, head);
    expect(res.status).toBe(413);
    expect(res.headers).toMatch(/^Connection: close$/im);
    expect(JSON.parse(res.body)).toMatchObject({
      error: { code: "PAYLOAD_TOO_LARGE", message: "the request body of 50 MiB is larger than the limit of 1 MiB" },
    });
    console.log(`50 MiB workflows.create refused in ${res.ms.toFixed(1)} ms`);
  });

  it("cuts a body without Content-Length off at 1 MiB while it streams", async () => {
    const res = await postChunked(h, "workflows.create", jsonInput({ name: "y".repeat(3 * 1024 ** 2), steps: STEPS }));
    expect(res.status).toBe(413);
    expect(res.headers.connection).toBe("close");
    expect(JSON.parse(res.body)).toMatchObject({ error: { json: { data: { code: "PAYLOAD_TOO_LARGE", httpStatus: 413 } } } });
  });

  it("refuses a batch of more than 50 calls with 400", async () => {
    const batch = (n: number) => fetch(`${h.url}/trpc/${Array(n).fill("health.check").join(",")}?batch=1`);
    const refused = await batch(1000);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("Batch call exceeds maximum size");
    expect((await batch(50)).status).toBe(200);
  });

  it("refuses job parameters over 64 KiB", async () => {
    const parameters = { blob: "p".repeat(JOB_PARAMETERS_MAX_BYTES) };
    await expect(h.trpc.jobs.create.mutate({ workflowId, parameters, start: false })).rejects.toMatchObject({
      data: {
        code: "BAD_REQUEST",
        fields: {
          parameters: `parameters are ${JOB_PARAMETERS_MAX_BYTES + 11} bytes as JSON; at most ${JOB_PARAMETERS_MAX_BYTES} are allowed`,
        },
      },
    });
    const fits = await h.trpc.jobs.create.mutate({ workflowId, parameters: { blob: "p".repeat(1000) }, start: false });
    expect(fits.parameters).toEqual({ blob: "p".repeat(1000) });
  });

  it("refuses over-long names, descriptions, comments and ids", async () => {
    const bad = (p: Promise<unknown>) => expect(p).rejects.toMatchObject({ data: { code: "BAD_REQUEST" } });
    await bad(h.trpc.workflows.create.mutate({ name: "n".repeat(201), steps: STEPS }));
    await bad(h.trpc.workflows.create.mutate({ name: "ok", description: "d".repeat(2001), steps: STEPS }));
    await bad(h.trpc.workflows.create.mutate({ name: "ok", steps: [{ ...STEPS[0]!, name: "s".repeat(201) }] }));
    await bad(
      h.trpc.workflows.create.mutate({ name: "ok", steps: STEPS, globalConfig: { llm: { enabled: true, model: "m".repeat(201) } } }),
    );
    await bad(h.trpc.workflows.get.query({ id: "i".repeat(65) }));
    await bad(h.trpc.jobs.reject.mutate({ id: "x", comment: "c".repeat(2001) }));
  });

  it("lists jobs without their parameters; get returns them", async () => {
    const job = await h.trpc.jobs.create.mutate({ workflowId, parameters: { note: "kept for get" }, start: false });
    const { items } = await h.trpc.jobs.list.query({ workflowId });
    expect(items.length).toBeGreaterThan(0);
    for (const item of items) expect(Object.keys(item)).not.toContain("parameters");
    expect((await h.trpc.jobs.get.query({ id: job.id })).job.parameters).toEqual({ note: "kept for get" });
  });
});
