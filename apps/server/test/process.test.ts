import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { createTRPCClient, httpBatchLink } from "@trpc/client";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../../packages/core/src/free-port.ts";
import { patience } from "../../../packages/core/src/test-patience.ts";
import type { AppRouter } from "../src/trpc/router.ts";
import { uploadFile } from "./harness.ts";
import { loadStep, POINTS_CSV, slowCheckStep } from "./job-fixtures.ts";

const serverDir = path.resolve(import.meta.dirname, "..");

type TServerProcess = { child: ChildProcess; lines: string[]; stderr: string[]; exited: Promise<number | null> };

/** The server as an operator runs it: its own process, its stdout read line by line. */
function startProcess(env: Record<string, string>): TServerProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], { cwd: serverDir, env: { ...process.env, ...env } });
  const lines: string[] = [];
  const stderr: string[] = [];
  readline.createInterface({ input: child.stdout }).on("line", (l) => lines.push(l));
  readline.createInterface({ input: child.stderr }).on("line", (l) => stderr.push(l));
  const exited = once(child, "exit").then(([code]) => code as number | null);
  return { child, lines, stderr, exited };
}

async function waitForLine(p: TServerProcess, pattern: RegExp) {
  const deadline = Date.now() + patience(2);
  while (!p.lines.some((l) => pattern.test(l))) {
    if (p.child.exitCode !== null) throw new Error(`the server exited with ${p.child.exitCode}: ${p.stderr.join("\n")}`);
    if (Date.now() > deadline) throw new Error(`no line matching ${pattern} in time`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

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
    await waitForLine(first, /AW App listening on/);
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
      await waitForLine(next, /AW App listening on/);
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
