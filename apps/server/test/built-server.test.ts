// The built server: `pnpm --filter @aw/server build` bundles dist/main.js and dist/worker.js, and the
// processes run with plain `node` — the commands docker/Dockerfile and docker/compose.yaml run.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { createTRPCClient, httpBatchLink } from "@trpc/client";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../../packages/core/src/free-port.ts";
import { redisTestEnv } from "../../../packages/core/src/jobs/test-kit.ts";
import { patience } from "../../../packages/core/src/test-patience.ts";
import type { AppRouter } from "../src/trpc/router.ts";
import { uploadFile } from "./harness.ts";
import { startServerProcess } from "./server-process.ts";
import { POINTS_CSV } from "./job-fixtures.ts";

const serverDir = path.resolve(import.meta.dirname, "..");

/** `node dist/<entry>.js`, as the image starts it. */
const startBuilt = (entry: "main" | "worker", env: Record<string, string>) =>
  startServerProcess([`dist/${entry}.js`], { NODE_ENV: "production", ...env });

const redis = await redisTestEnv();

describe("the built server (node dist/main.js, node dist/worker.js)", () => {
  let dir: string;

  beforeAll(async () => {
    // The build script itself, as quickstart and the Dockerfile run it; resolves when it has exited 0.
    const { stdout } = await promisify(execFile)(process.execPath, ["scripts/build.mjs"], { cwd: serverDir });
    expect(stdout).toMatch(/built dist\/main\.js and worker\.js/);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "aw-built-"));
  }, patience(2));
  afterAll(async () => {
    await redis?.clean();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("bundles our code and imports only npm packages and Node built-ins (no tsx, no TypeScript sources)", () => {
    for (const entry of ["main.js", "worker.js"]) {
      const code = fs.readFileSync(path.join(serverDir, "dist", entry), "utf8");
      const specifiers = [...code.matchAll(/^import\s[^;]*?from "([^"]+)";?$/gm)].map((m) => m[1]!);
      expect(specifiers.length).toBeGreaterThan(0);
      expect(specifiers.filter((s) => s.startsWith(".") || s.startsWith("/") || s.endsWith(".ts") || s.startsWith("@aw/"))).toEqual([]);
      expect(code).not.toMatch(/from "tsx/);
      expect(fs.existsSync(path.join(serverDir, "dist", `${entry}.map`))).toBe(true);
    }
  });

  it("serves probes, an upload and a whole job from a template, then stops on SIGTERM with exit code 0", async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const server = startBuilt("main", {
      AW_DATA_DIR: path.join(dir, "server"),
      AW_WEB_DIST: path.join(dir, "no-web-build"),
      HOST: "127.0.0.1",
      PORT: String(port),
      LOG_LEVEL: "info",
    });
    try {
      const announced = await server.line(/AW App listening on/);
      expect(JSON.parse(announced)).toMatchObject({
        msg: expect.stringMatching(/^AW App listening on http:\/\/127\.0\.0\.1:\d+ \(database: sqlite/),
      });

      const live = await fetch(`${url}/healthz`);
      expect([live.status, await live.json()]).toEqual([200, { ok: true }]);
      const ready = await fetch(`${url}/readyz`);
      expect([ready.status, await ready.json()]).toEqual([200, { ok: true }]);

      const upload = await uploadFile({ url, headers: {} }, "points.csv", POINTS_CSV);
      expect(upload.status).toBe(201);
      const inputId = ((await upload.json()) as { id: string }).id;

      const trpc = createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: `${url}/trpc`, transformer: superjson })] });
      const template = (await trpc.workflows.templates.query()).find((t) => t.id === "basic-loader");
      expect(template).toBeDefined();
      // Creating the workflow and running it reads the migrated database: migrations were found from dist/.
      const workflow = await trpc.workflows.create.mutate(template!.definition);
      const job = await trpc.jobs.create.mutate({ workflowId: workflow.id, inputDataId: inputId });
      await expect
        .poll(async () => (await trpc.jobs.get.query({ id: job.id, logLimit: 1 })).job.status, { timeout: patience(2) })
        .toBe("completed");
      await server.line(/job run ended: completed/);

      server.child.kill("SIGTERM");
      expect(await server.exited).toBe(0);
      expect(server.lines.map((l) => (JSON.parse(l) as { msg: string }).msg)).toContain("stopped");
    } finally {
      server.child.kill("SIGKILL");
    }
  });

  it.runIf(redis)("the worker starts against Redis, announces itself, and exits 0 on SIGTERM", async () => {
    const worker = startBuilt("worker", { ...redis!.env, AW_DATA_DIR: path.join(dir, "worker"), LOG_LEVEL: "warn" });
    try {
      await worker.line(/./);
      expect(JSON.parse(worker.lines[0]!)).toMatchObject({ msg: expect.stringMatching(/AW worker running jobs/) });
      worker.child.kill("SIGTERM");
      expect(await worker.exited).toBe(0);
    } finally {
      worker.child.kill("SIGKILL");
    }
  });
});
