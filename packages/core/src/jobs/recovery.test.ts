import { spawn } from "node:child_process";
import { once } from "node:events";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findOrphans } from "./recovery.ts";
import { exportCsv, load, startJobTestbed, type TJobTestbed } from "./test-kit.ts";

const here = path.dirname(fileURLToPath(import.meta.url));

describe("local queue: a job whose process died is never left running", () => {
  it("resumes from the last checkpoint after the process running it was killed with SIGKILL", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aw-crash-"));
    const databaseUrl = `file:${path.join(dir, "aw.db")}`;
    const dataDir = path.join(dir, "data");
    const child = spawn(process.execPath, ["--import", "tsx", path.join(here, "test-crash-child.ts"), databaseUrl, dataDir], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    const [line] = (await once(readline.createInterface({ input: child.stdout }), "line")) as [string];
    const { jobId, workerId } = JSON.parse(line) as { jobId: string; workerId: string };
    child.kill("SIGKILL");
    await once(child, "exit");

    const tb = await startJobTestbed({ databaseUrl, dataDir, env: { JOB_LEASE_SECONDS: "2" } });
    try {
      // Its process is gone (same host), so it is taken over at start without waiting for the lease to lapse.
      await expect
        .poll(async () => tb.db.job.findUniqueOrThrow({ where: { id: jobId } }))
        .toMatchObject({ status: "running", leaseOwner: tb.system.workerId });
      await expect
        .poll(async () => (await tb.jobs.get({ id: jobId })).logs.map((l) => l.message))
        .toEqual(
          expect.arrayContaining([
            `worker ${workerId} stopped while running this job; resuming at step 2`,
            expect.stringMatching(/^resumed at step 2 "Slow check"/),
          ]),
        );
      const detail = await tb.jobs.get({ id: jobId });
      expect(detail.job.metadata.recoveries).toBe(1);
      expect(detail.steps[0]!.status).toBe("completed");

      await tb.jobs.cancel(jobId);
      await tb.waitFor(jobId, ["cancelled"]);
    } finally {
      await tb.close({ keep: true });
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("local queue: orphaned jobs found by the periodic sweep", () => {
  let tb: TJobTestbed;
  beforeAll(async () => {
    tb = await startJobTestbed({ env: { JOB_LEASE_SECONDS: "2" } });
  });
  afterAll(() => tb?.close());

  /** A job row as a worker on another machine would leave it when it died a minute ago. */
  async function orphan(metadata: Record<string, unknown>) {
    const input = await tb.upload();
    const wf = await tb.workflow([load, exportCsv]);
    return tb.db.job.create({
      data: {
        workflowId: wf.id,
        workflowVersion: 1,
        inputDataId: input.id,
        status: "running",
        parameters: {},
        metadata: metadata as never,
        startedAt: new Date(Date.now() - 120_000),
        leaseOwner: "another-host/4242/dead00",
        heartbeatAt: new Date(Date.now() - 60_000),
      },
    });
  }

  it("re-queues a job whose worker stopped heartbeating and runs it to the end", async () => {
    const job = await orphan({ steps: [] });
    const done = await tb.waitFor(job.id, ["completed", "failed"]);
    expect(done.status).toBe("completed");
    const logs = (await tb.jobs.get({ id: job.id })).logs.map((l) => l.message);
    expect(logs[0]).toBe("worker another-host/4242/dead00 stopped while running this job; resuming at step 1");
  });

  it("fails a job whose checkpoint to resume from is gone, saying so", async () => {
    const key = "runs/vanished/step-0.parquet";
    const step = {
      index: 0,
      name: "Load",
      type: "loading",
      status: "completed",
      startedAt: "",
      completedAt: "",
      metadata: {},
      checkpointKey: key,
    };
    const job = await orphan({ steps: [step] });
    const done = await tb.waitFor(job.id, ["completed", "failed"]);
    expect(done).toMatchObject({
      status: "failed",
      error: `the worker stopped at step 2 and the checkpoint to resume from (${key}) is gone`,
      leaseOwner: null,
    });
  });

  it("fails a job whose links checkpoint is gone, before a worker tries to restore it", async () => {
    const stored = "runs/links-gone/step-0.parquet";
    await tb.storage.put(stored, Readable.from(["not read"]));
    const links = "runs/links-gone/step-0.links.parquet";
    const step = {
      index: 0,
      name: "Load",
      type: "loading",
      status: "completed",
      startedAt: "",
      completedAt: "",
      metadata: {},
      checkpointKey: stored,
      linksCheckpointKey: links,
    };
    const job = await orphan({ steps: [step] });
    const done = await tb.waitFor(job.id, ["completed", "failed"]);
    expect(done).toMatchObject({
      status: "failed",
      error: `the worker stopped at step 2 and the checkpoint to resume from (${links}) is gone`,
    });
  });

  it("gives up on a job whose workers keep dying", async () => {
    const job = await orphan({ steps: [], recoveries: 2 });
    const done = await tb.waitFor(job.id, ["completed", "failed"]);
    expect(done).toMatchObject({ status: "failed", error: "the worker running this job stopped 3 times (last at step 1); giving up" });
  });

  it("leaves alone a running job whose worker is alive", async () => {
    const job = await orphan({ steps: [] });
    await tb.db.job.update({ where: { id: job.id }, data: { heartbeatAt: new Date(Date.now() + 60_000) } });
    // What every sweep asks, answered now rather than after waiting for one: this job's worker is alive.
    const orphans = await findOrphans(tb.db, { workerId: tb.system.workerId, leaseMs: tb.config.JOB_LEASE_SECONDS * 1000 });
    expect(orphans.map((o) => o.id)).not.toContain(job.id);
    expect(await tb.db.job.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({
      status: "running",
      leaseOwner: "another-host/4242/dead00",
    });
  });
});
