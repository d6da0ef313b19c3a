import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createTRPCClient, httpBatchLink } from "@trpc/client";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../../packages/core/src/free-port.ts";
import { patience } from "../../../packages/core/src/test-patience.ts";
import type { AppRouter } from "../src/trpc/router.ts";
import { uploadFile } from "./harness.ts";
import { loadStep, POINTS_CSV, slowCheckStep } from "./job-fixtures.ts";
import { startServerProcess, type TServerProcess } from "./server-process.ts";

/** The server from its sources, in a process of its own. */
const startProcess = (env: Record<string, string>) => startServerProcess(["--import", "tsx", "src/main.ts"], env);

describe("the server process", () => {
  let dir: string;
  let env: Record<string, string>;
  let url: string;
  let first: TServerProcess;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "aw-process-"));
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    env = { AW_DATA_DIR: dir, AW_WEB_DIST: path.join(dir, "no-web-build"), HOST: "127.0.0.1", PORT: String(port), LOG_LEVEL: "warn" };
    first = startProcess(env);
    await first.line(/AW App listening on/);
  }, patience(2));
  afterAll(() => {
    first.child.kill("SIGKILL");
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("announces itself in a JSON line even at LOG_LEVEL=warn", () => {
    expect(JSON.parse(first.lines[0]!)).toMatchObject({
      level: 30,
      msg: expect.stringMatching(/^AW App listening on http:\/\/127\.0\.0\.1:/),
    });
  });

  it("a second server on the taken port exits non-zero and says why, without touching the data", async () => {
    const second = startProcess(env);
    expect(await second.exited).toBe(1);
    expect(second.stderr.join("\n")).toMatch(/port 127\.0\.0\.1:\d+ is already in use/);
    expect(second.lines.join("\n")).not.toMatch(/listening/);
  });

  it("answers liveness and readiness probes, with security headers", async () => {
    const live = await fetch(`${url}/healthz`);
    expect([live.status, await live.json()]).toEqual([200, { ok: true }]);
    const ready = await fetch(`${url}/readyz`);
    expect([ready.status, await ready.json()]).toEqual([200, { ok: true }]);
    expect(ready.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect(ready.headers.get("x-content-type-options")).toBe("nosniff");
    expect(ready.headers.get("x-frame-options")).toBe("SAMEORIGIN");
  });

  it("on SIGTERM hands its running job back to the queue and exits 0; the next start resumes it", async () => {
    const trpc = createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: `${url}/trpc`, transformer: superjson })] });
    const input = ((await (await uploadFile({ url, headers: {} }, "points.csv", POINTS_CSV)).json()) as { id: string }).id;
    const wf = await trpc.workflows.create.mutate({ name: "long", steps: [loadStep, slowCheckStep] });
    const job = await trpc.jobs.create.mutate({ workflowId: wf.id, inputDataId: input });
    await expect
      .poll(async () => (await trpc.jobs.get.query({ id: job.id, logLimit: 1 })).job, { timeout: patience() })
      .toMatchObject({ status: "running", currentStep: 1 });

    first.child.kill("SIGTERM");
    expect(await first.exited).toBe(0);
    expect(first.lines.map((l) => (JSON.parse(l) as { msg: string }).msg)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^stopping/), "stopped"]),
    );

    const next = startProcess(env);
    try {
      await next.line(/AW App listening on/);
      const { job: resumed, logs } = await trpc.jobs.get.query({ id: job.id, logLimit: 100 });
      expect(["queued", "running"]).toContain(resumed.status);
      expect(logs.map((l) => l.message)).toContain("the worker stopped; the job will resume from its last completed step");
      await trpc.jobs.cancel.mutate({ id: job.id });
    } finally {
      next.child.kill("SIGTERM");
      expect(await next.exited).toBe(0);
    }
  });
});
