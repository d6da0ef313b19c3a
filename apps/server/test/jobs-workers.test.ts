import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { fileURLToPath } from "node:url";
import type { TJobLogEntry } from "@aw/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, postgresAvailable, type TTestDatabase } from "../../../packages/core/src/db/test-databases.ts";
import { redisTestEnv } from "../../../packages/core/src/jobs/test-kit.ts";
import { patience } from "../../../packages/core/src/test-patience.ts";
import { startServer, uploadFile, type THarness } from "./harness.ts";
import { exportCsvStep as exportCsv, loadStep as load, POINTS_CSV as CSV, slowCheckStep as slowCheck } from "./job-fixtures.ts";

const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

// Several processes share one database here, which is what PostgreSQL is for.
const redis = await redisTestEnv();
const postgres = await postgresAvailable();
if (redis && !postgres) console.warn("BullMQ worker-process tests skipped: they need PostgreSQL (see the warning above).");

type TWorker = { process: ChildProcess; pid: number };

describe.runIf(redis && postgres)("bullmq: separate worker processes", () => {
  let database: TTestDatabase;
  let dir: string;
  let h: THarness;
  let inputId: string;
  const workers: TWorker[] = [];
  let env: Record<string, string>;

  async function startWorker(): Promise<TWorker> {
    const child = spawn(process.execPath, ["--import", "tsx", "src/worker.ts"], {
      cwd: serverDir,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "inherit"],
    });
    const [line] = (await once(readline.createInterface({ input: child.stdout }), "line")) as [string];
    expect(line).toMatch(/AW worker running jobs/);
    const worker = { process: child, pid: child.pid! };
    workers.push(worker);
    return worker;
  }

  beforeAll(async () => {
    database = await createTestDatabase("postgresql");
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "aw-workers-"));
    env = {
      ...redis!.env,
      DATABASE_URL: database.url,
      AW_DATA_DIR: path.join(dir, "worker-data"),
      STORAGE_LOCAL_ROOT: path.join(dir, "storage"),
      JOB_CONCURRENCY: "2",
      JOB_LEASE_SECONDS: "2",
      LOG_LEVEL: "warn",
    };
    // The API process only enqueues and streams: its env has no embedded worker.
    h = await startServer({ databaseUrl: database.url, env });
    await Promise.all([startWorker(), startWorker()]);
    inputId = ((await (await uploadFile(h, "points.csv", CSV)).json()) as { id: string }).id;
  });

  afterAll(async () => {
    for (const w of workers) w.process.kill("SIGTERM");
    await Promise.all(
      workers.filter((w) => w.process.exitCode === null && w.process.signalCode === null).map((w) => once(w.process, "exit")),
    );
    await h?.close();
    await database?.drop();
    await redis?.clean();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const workerPidOf = (message: string) => Number(/^(?:started|resumed .*) on worker [^/]+\/(\d+)\//.exec(message)?.[1]);

  it("the API process streams, over SSE, a job that a worker process runs", async () => {
    expect((await h.trpc.health.check.query()).queue).toMatchObject({ ok: true, detail: expect.stringMatching(/^bullmq, enqueue only/) });
    const wf = await h.trpc.workflows.create.mutate({ name: "scaled", steps: [load, exportCsv] });
    const job = await h.trpc.jobs.create.mutate({ workflowId: wf.id, inputDataId: inputId, start: false });
    const logs: TJobLogEntry[] = [];
    const done = new Promise<void>((resolve, reject) => {
      h.trpc.jobs.onLogs.subscribe({ id: job.id }, { onData: (e) => logs.push(e.data), onError: reject, onComplete: resolve });
    });
    await h.trpc.jobs.execute.mutate({ id: job.id });
    await done;
    const stored = await h.trpc.jobs.get.query({ id: job.id, logLimit: 1000 });
    expect(stored.job.status).toBe("completed");
    expect(logs.map((l) => l.sequence)).toEqual(stored.logs.map((l) => l.sequence));
    expect(workers.map((w) => w.pid)).toContain(workerPidOf(logs[0]!.message));
    const result = await h.trpc.jobs.result.query({ id: job.id });
    expect(result.artifact).toMatchObject({ sourceJobId: job.id, parentId: inputId });
    // The result arrives profiled, and an unknown input is refused by name (on PostgreSQL too).
    expect(result.artifact?.metadata).toMatchObject({ profileStatus: "ready", rowCount: 3, snapshotKey: `runs/${job.id}/table.parquet` });
    expect((await h.trpc.data.sample.query({ id: result.artifact!.id })).total).toBe(3);
    await expect(h.trpc.jobs.create.mutate({ workflowId: wf.id, inputDataId: "missing" })).rejects.toThrow(/data missing not found/);
  });

  it("runs 100 jobs on two workers (concurrency 2 each), each exactly once", async () => {
    const wf = await h.core.workflows.create({
      name: "many",
      description: "",
      steps: [load as never, exportCsv as never],
      globalConfig: { approvalTimeoutAction: "reject", llm: { enabled: false } },
    });
    const jobs = await Promise.all(Array.from({ length: 100 }, () => h.core.jobs.create({ workflowId: wf.id, inputDataId: inputId })));
    const ids = jobs.map((j) => j.id);
    await expect
      .poll(() => h.core.db.job.count({ where: { id: { in: ids }, status: "completed" } }), { timeout: patience(3), interval: 200 })
      .toBe(100);
    const starts = await h.core.db.jobLog.findMany({ where: { jobId: { in: ids }, message: { startsWith: "started on worker" } } });
    expect(starts).toHaveLength(100);
    expect(new Set(starts.map((s) => s.jobId)).size).toBe(100);
    expect(new Set(starts.map((s) => workerPidOf(s.message)))).toEqual(new Set(workers.map((w) => w.pid)));
    expect(await h.core.db.dataArtifact.count({ where: { sourceJobId: { in: ids } } })).toBe(100);
  });

  it("resumes a SIGKILLed worker's job on another worker, and cancel reaches that worker", async () => {
    const wf = await h.trpc.workflows.create.mutate({ name: "crash", steps: [load, slowCheck, exportCsv] });
    const job = await h.trpc.jobs.create.mutate({ workflowId: wf.id, inputDataId: inputId });
    await expect.poll(async () => (await h.trpc.jobs.get.query({ id: job.id })).steps[0]!.status).toBe("completed");
    const row = await h.core.db.job.findUniqueOrThrow({ where: { id: job.id } });
    const victim = workers.find((w) => row.leaseOwner?.includes(`/${w.pid}/`))!;
    const survivor = workers.find((w) => w !== victim)!;
    victim.process.kill("SIGKILL");
    await once(victim.process, "exit");

    // The survivor's sweep sees the dead process (same host) or BullMQ hands the job out again once its lock lapses,
    // which alone can take tens of seconds: this wait is three patiences long.
    await expect
      .poll(async () => (await h.trpc.jobs.get.query({ id: job.id, logLimit: 1000 })).logs.map((l) => l.message), { timeout: patience(3) })
      .toEqual(
        expect.arrayContaining([expect.stringMatching(new RegExp(`^resumed at step 2 "Slow check" on worker [^/]+/${survivor.pid}/`))]),
      );
    const resumed = await h.core.db.job.findUniqueOrThrow({ where: { id: job.id } });
    expect(resumed.status).toBe("running");
    expect(resumed.leaseOwner).toContain(`/${survivor.pid}/`);

    await h.trpc.jobs.cancel.mutate({ id: job.id });
    // The runner in the worker process logs its own stop once DuckDB is interrupted.
    await expect.poll(async () => (await h.trpc.jobs.get.query({ id: job.id, logLimit: 1000 })).logs.at(-1)?.message).toBe("cancelled");
    expect((await h.core.db.job.findUniqueOrThrow({ where: { id: job.id } })).status).toBe("cancelled");

    // The killed worker left its DuckDB workspace folder behind; the next process to start removes it.
    const workspaces = path.join(dir, "worker-data", "tmp", "workspaces");
    const leftBy = (pid: number) => fs.readdirSync(workspaces).filter((name) => name.startsWith("aw-ws-") && name.includes(`-${pid}-`));
    expect(leftBy(victim.pid).length).toBeGreaterThan(0);
    await startWorker();
    expect(leftBy(victim.pid)).toEqual([]);
    expect(leftBy(survivor.pid).length).toBeGreaterThan(0);
  });
});
