// Deleting a job, a workflow or an artifact leaves nothing of it in storage (local and S3).
import type { TDataArtifact, TJobStatus } from "@aw/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startS3TestServer, type TS3TestServer } from "../../../packages/core/src/storage/s3-test-server.ts";
import { startServer, storedFiles, uploadFile, waitForProfile, type THarness } from "./harness.ts";
import { exportCsvStep, loadStep, POINTS_CSV } from "./job-fixtures.ts";

/** Fails on every row, after the export before it stored its file. */
const failingCheckStep = {
  type: "validation",
  name: "Always fails",
  maxRetries: 0,
  config: { spec: { kind: "functional", check: "sql", sql: "SELECT * FROM data" } },
} as const;

describe.each(["local", "s3"] as const)("deletes clean up storage (%s)", (driver) => {
  let s3: TS3TestServer | undefined;
  let h: THarness;
  let upload: TDataArtifact;
  /** Every stored object's key (without the S3 prefix), sorted. */
  let objects: () => Promise<string[]>;

  beforeAll(async () => {
    if (driver === "s3") s3 = await startS3TestServer();
    h = await startServer({ env: s3 ? { ...s3.env, S3_PREFIX: "aw" } : {} });
    objects = s3 ? async () => (await s3!.listKeys()).map((k) => k.replace(/^aw\//, "")) : () => storedFiles(h);
    upload = (await (await uploadFile(h, "points.csv", POINTS_CSV)).json()) as TDataArtifact;
    await waitForProfile(h, upload.id);
  });
  afterAll(async () => {
    await h?.close();
    await s3?.close();
  });

  const uploadObjects = () => [upload.storageKey, `tables/${upload.id}.parquet`];

  async function finished(id: string, statuses: TJobStatus[] = ["completed", "failed", "cancelled"]) {
    for (const deadline = Date.now() + 30_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 50))) {
      const { job } = await h.trpc.jobs.get.query({ id, logLimit: 1 });
      if (statuses.includes(job.status)) return job;
    }
    throw new Error(`job ${id} did not reach ${statuses.join("|")}`);
  }

  async function run(steps: readonly object[]) {
    const workflow = await h.trpc.workflows.create.mutate({ name: `cleanup ${steps.length}`, steps: steps as never });
    const job = await h.trpc.workflows.execute.mutate({ workflowId: workflow.id, inputDataId: upload.id });
    return { workflow, job: await finished(job.id) };
  }

  it("jobs.delete removes the job's checkpoints and keeps its result artifact with the result's files", async () => {
    const { job } = await run([loadStep, exportCsvStep]);
    expect(job.status).toBe("completed");
    const result = await h.trpc.data.get.query({ id: job.resultDataId! });
    const resultFiles = [result.storageKey, `runs/${job.id}/table.parquet`];
    // The export only read the table: its step points at the load's checkpoint.
    expect(await objects()).toEqual([...uploadObjects(), `runs/${job.id}/step-0.parquet`, ...resultFiles].sort());

    expect(await h.trpc.jobs.delete.mutate({ id: job.id })).toEqual({ id: job.id, deletedObjects: 1, keptResultDataId: result.id });
    expect(await objects()).toEqual([...uploadObjects(), ...resultFiles].sort());
    await expect(h.trpc.jobs.get.query({ id: job.id })).rejects.toMatchObject({ data: { code: "NOT_FOUND" } });
    expect(await h.core.db.jobLog.count({ where: { jobId: job.id } })).toBe(0);
    expect(await h.trpc.data.get.query({ id: result.id })).toMatchObject({ sourceJobId: null });

    // The artifact's own delete takes the result's files with it.
    await h.trpc.data.delete.mutate({ id: result.id });
    expect(await objects()).toEqual(uploadObjects().sort());
  });

  it("jobs.delete removes the file an export stored for a job that then failed", async () => {
    const { job } = await run([loadStep, exportCsvStep, failingCheckStep]);
    expect(job.status).toBe("failed");
    expect(await objects()).toContain(`runs/${job.id}/result.csv`);
    // The load's checkpoint (the export's too) and the exported file.
    expect((await h.trpc.jobs.delete.mutate({ id: job.id })).deletedObjects).toBe(2);
    expect(await objects()).toEqual(uploadObjects().sort());
  });

  it("jobs.delete refuses an active job with CONFLICT until it is cancelled", async () => {
    // A job waiting for approval is active and holds a checkpoint.
    const workflow = await h.trpc.workflows.create.mutate({
      name: "waits",
      steps: [{ ...loadStep, requireApproval: true }, exportCsvStep],
    });
    const job = await h.trpc.workflows.execute.mutate({ workflowId: workflow.id, inputDataId: upload.id });
    await finished(job.id, ["awaiting_approval"]);
    await expect(h.trpc.jobs.delete.mutate({ id: job.id })).rejects.toMatchObject({
      message: `job ${job.id} is awaiting_approval; cancel it first`,
      data: { code: "CONFLICT" },
    });
    expect(await objects()).toContain(`runs/${job.id}/step-0.parquet`);
    await h.trpc.jobs.cancel.mutate({ id: job.id });
    expect(await h.trpc.jobs.delete.mutate({ id: job.id })).toMatchObject({ deletedObjects: 1 });
    expect(await objects()).toEqual(uploadObjects().sort());
  });

  it("workflows.delete removes its jobs' checkpoints and keeps their results as data", async () => {
    const { workflow, job: first } = await run([loadStep, exportCsvStep]);
    const second = await finished((await h.trpc.workflows.execute.mutate({ workflowId: workflow.id, inputDataId: upload.id })).id);
    const results = await Promise.all([first, second].map((j) => h.trpc.data.get.query({ id: j.resultDataId! })));
    const resultFiles = [first, second].flatMap((j, i) => [results[i]!.storageKey, `runs/${j.id}/table.parquet`]);

    expect(await h.trpc.workflows.delete.mutate({ id: workflow.id })).toEqual({ id: workflow.id, deletedJobs: 2, deletedObjects: 2 });
    expect(await objects()).toEqual([...uploadObjects(), ...resultFiles].sort());
    for (const result of results) await h.trpc.data.delete.mutate({ id: result.id });
    expect(await objects()).toEqual(uploadObjects().sort());
  });

  it("data.delete removes the upload and its snapshot, leaving storage empty", async () => {
    await h.trpc.data.delete.mutate({ id: upload.id, force: true });
    expect(await objects()).toEqual([]);
  });
});
