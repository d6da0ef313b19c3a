import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DomainError } from "../errors.ts";
import { ZWorkflowUpdateSchema, type TStepInput } from "../schemas/index.ts";
import { exportCsv, failingCheck, load, redisTestEnv, slowCheck, startJobTestbed, type TJobTestbed } from "./test-kit.ts";

const rejectsWith = async (promise: Promise<unknown>, kind: DomainError["kind"], message: RegExp) => {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DomainError);
  expect((err as DomainError).kind).toBe(kind);
  expect((err as DomainError).message).toMatch(message);
};

// BullMQ runs with a worker inside this process here; separate worker processes are in bullmq-workers.test.ts.
const redis = await redisTestEnv();
const drivers = [
  { driver: "local", env: {} },
  ...(redis ? [{ driver: "bullmq", env: { ...redis.env, QUEUE_EMBEDDED_WORKER: "true" } }] : []),
] as const;

describe.each(drivers)("$driver queue: job lifecycle", ({ driver, env }) => {
  let tb: TJobTestbed;
  beforeAll(async () => {
    tb = await startJobTestbed({ env: { JOB_CONCURRENCY: "2", ...env } });
  });
  afterAll(async () => {
    await tb?.close();
    if (driver === "bullmq") await redis?.clean();
  });

  it("runs a workflow to completion with a result artifact, logs and per-step metadata", async () => {
    const input = await tb.upload();
    const wf = await tb.workflow([load, exportCsv]);
    const created = await tb.jobs.create({ workflowId: wf.id, inputDataId: input.id, parameters: { note: "first" } });
    expect(created.status).toBe("queued");

    const job = await tb.waitFor(created.id, ["completed", "failed"]);
    expect(job.error).toBeNull();
    expect(job.status).toBe("completed");
    expect(job.progress).toBe(100);
    expect(job.startedAt).toBeInstanceOf(Date);
    expect(job.completedAt!.getTime()).toBeGreaterThanOrEqual(job.startedAt!.getTime());

    const { artifact, report } = await tb.jobs.result(job.id);
    expect(artifact).toMatchObject({ sourceJobId: job.id, parentId: input.id, format: "csv" });
    expect(artifact!.metadata.rowCount).toBe(3);
    expect(report).toMatchObject({ table: { rowCount: 3, columnCount: 4 } });
    expect(job.resultDataId).toBe(artifact!.id);
    const stored = await tb.storage.stat(artifact!.storageKey);
    expect(stored?.sizeBytes).toBe(artifact!.sizeBytes);

    const detail = await tb.jobs.get({ id: job.id });
    expect(detail.job.parameters).toEqual({ note: "first" });
    expect(detail.steps.map((s) => [s.name, s.status])).toEqual([
      ["Load", "completed"],
      ["Export", "completed"],
    ]);
    expect(detail.steps[0]!.result!.checkpointKey).toBe(`runs/${job.id}/step-0.parquet`);
    const sequences = detail.logs.map((l) => l.sequence);
    expect(sequences).toEqual(sequences.map((_, i) => i + 1));
    expect(detail.logs.at(-1)!.message).toMatch(/^completed/);
  });

  it("hands over the result profiled, with the run's final table as its snapshot", async () => {
    const wf = await tb.workflow([load, exportCsv]);
    const created = await tb.jobs.create({ workflowId: wf.id, inputDataId: (await tb.upload()).id });
    const job = await tb.waitFor(created.id, ["completed"]);
    const { metadata } = await tb.data.get(job.resultDataId!);
    expect(metadata).toMatchObject({ profileStatus: "ready", snapshotKey: `runs/${job.id}/table.parquet`, rowCount: 3, columnCount: 4 });
    expect(metadata.columns?.map((c) => c.name)).toEqual(["id", "name", "x", "y"]);
    const sample = await tb.data.sample({ id: job.resultDataId!, limit: 2 });
    expect(sample).toMatchObject({
      total: 3,
      rows: [expect.objectContaining({ name: "alpha" }), expect.objectContaining({ name: "beta" })],
    });
  });

  it("pages logs with a cursor", async () => {
    const [first] = (await tb.jobs.list({ status: "completed" })).items;
    const page1 = await tb.jobs.get({ id: first!.id, logLimit: 2 });
    expect(page1.logs).toHaveLength(2);
    expect(page1.nextLogCursor).toBe(2);
    const page2 = await tb.jobs.get({ id: first!.id, logCursor: page1.nextLogCursor!, logLimit: 1000 });
    expect(page2.logs[0]!.sequence).toBe(3);
    expect(page2.nextLogCursor).toBeNull();
  });

  it("fails with the step's error and the failed step index", async () => {
    const input = await tb.upload();
    const wf = await tb.workflow([load, failingCheck, exportCsv]);
    const { id } = await tb.jobs.create({ workflowId: wf.id, inputDataId: input.id });
    const job = await tb.waitFor(id, ["completed", "failed"]);
    expect(job.status).toBe("failed");
    expect(job.error).toMatch(/^step 2 "Always fails" failed: validation failed/);
    expect(job.resultDataId).toBeNull();
    const detail = await tb.jobs.get({ id });
    expect(detail.job.metadata.failedStep).toBe(1);
    expect(detail.steps.map((s) => s.status)).toEqual(["completed", "failed", "pending"]);
    // The error is logged once, by the step.
    expect(detail.logs.filter((l) => l.level === "error").map((l) => l.message)).toEqual([
      expect.stringMatching(/^step 2\/3 "Always fails" failed: validation failed/),
    ]);
    await rejectsWith(tb.jobs.result(id), "CONFLICT", /is failed/);
  });

  it("cancels a queued job before it runs and a running one promptly", async () => {
    const input = await tb.upload();
    const wf = await tb.workflow([load, slowCheck]);
    // Concurrency 2: two run, the third waits.
    const a = await tb.jobs.create({ workflowId: wf.id, inputDataId: input.id });
    const b = await tb.jobs.create({ workflowId: wf.id, inputDataId: input.id });
    const c = await tb.jobs.create({ workflowId: wf.id, inputDataId: input.id });
    await tb.waitFor(a.id, ["running"]);
    await tb.waitFor(b.id, ["running"]);
    expect((await tb.db.job.findUniqueOrThrow({ where: { id: c.id } })).status).toBe("queued");

    const queuedCancel = await tb.jobs.cancel(c.id);
    expect(queuedCancel.status).toBe("cancelled");

    const t0 = Date.now();
    await tb.jobs.cancel(a.id);
    await tb.jobs.cancel(b.id);
    // Both workers come free (DuckDB interrupted), and the cancelled queued job never starts.
    for (const id of [a.id, b.id]) {
      const job = await tb.waitFor(id, ["cancelled"]);
      expect(job.error).toBe("cancelled by user");
    }
    await expect.poll(async () => (await tb.system.queue.stats()).running).toBe(0);
    expect(Date.now() - t0).toBeLessThan(5000);
    const never = await tb.db.job.findUniqueOrThrow({ where: { id: c.id } });
    expect(never).toMatchObject({ status: "cancelled", startedAt: null });
    // The runner's own end log lands after the stop.
    await expect.poll(async () => (await tb.jobs.get({ id: a.id })).logs.map((l) => l.message)).toContain("cancelled");
    await rejectsWith(tb.jobs.cancel(a.id), "CONFLICT", /already cancelled/);
  });

  it("fails a job that runs past its timeout", async () => {
    const input = await tb.upload();
    const wf = await tb.workflow([load, slowCheck], { timeoutSeconds: 1 });
    const { id } = await tb.jobs.create({ workflowId: wf.id, inputDataId: input.id });
    const job = await tb.waitFor(id, ["failed", "completed"]);
    expect(job.status).toBe("failed");
    expect(job.error).toBe("timed out after 1 s");
    expect(job.completedAt!.getTime() - job.startedAt!.getTime()).toBeLessThan(5000);
  });

  it("pauses for approval without holding a worker, then resumes after approve", async () => {
    const input = await tb.upload();
    const wf = await tb.workflow([{ ...load, requireApproval: true }, exportCsv]);
    const { id } = await tb.jobs.create({ workflowId: wf.id, inputDataId: input.id });
    await tb.waitFor(id, ["awaiting_approval"]);
    const waiting = await tb.jobs.get({ id });
    expect(waiting.job.metadata.awaiting).toMatchObject({ stepIndex: 0, preview: { columns: ["id", "name", "x", "y"] } });
    expect(waiting.job.metadata.awaiting!.preview.rows).toHaveLength(3);
    expect(waiting.steps.map((s) => s.status)).toEqual(["completed", "pending"]);
    expect(waiting.logs.filter((l) => /approval/.test(l.message)).map((l) => l.message)).toEqual(['step 1/2 "Load" awaits approval']);
    // Beyond the preview, the paused step's table pages from its checkpoint.
    expect(await tb.jobs.stepSample({ id, stepIndex: 0, limit: 2, offset: 1 })).toMatchObject({
      total: 3,
      columns: [{ name: "id" }, { name: "name" }, { name: "x" }, { name: "y" }],
      rows: [expect.objectContaining({ name: "beta" }), expect.objectContaining({ name: "gamma" })],
    });
    await rejectsWith(tb.jobs.stepSample({ id, stepIndex: 1 }), "NOT_FOUND", /completed step 2 of job/);
    await rejectsWith(tb.jobs.stepSample({ id: "nope", stepIndex: 0 }), "NOT_FOUND", /job nope/);
    // The worker comes free: it finishes writing the pause and returns.
    await expect.poll(async () => (await tb.system.queue.stats()).running).toBe(0);

    const approved = await tb.jobs.approve({ id, comment: "looks right" });
    expect(approved.status).toBe("queued");
    const done = await tb.waitFor(id, ["completed", "failed"]);
    expect(done.status).toBe("completed");
    const detail = await tb.jobs.get({ id });
    expect(detail.job.metadata.approvals).toEqual([
      expect.objectContaining({ stepIndex: 0, decision: "approved", comment: "looks right", by: "user" }),
    ]);
    expect(detail.job.metadata.awaiting).toBeUndefined();
    const messages = detail.logs.map((l) => l.message);
    expect(messages).toContain('step 1 "Load" approved: looks right');
    expect(messages.some((m) => m.startsWith('resumed at step 2 "Export"'))).toBe(true);
    await rejectsWith(tb.jobs.approve({ id }), "CONFLICT", /not awaiting approval/);
  });

  it("approving the last step finishes the run and says so, naming no step that does not exist", async () => {
    const input = await tb.upload();
    const wf = await tb.workflow([load, { ...exportCsv, requireApproval: true }]);
    const { id } = await tb.jobs.create({ workflowId: wf.id, inputDataId: input.id });
    await tb.waitFor(id, ["awaiting_approval"]);
    await tb.jobs.approve({ id });
    expect((await tb.waitFor(id, ["completed", "failed"])).status).toBe("completed");
    const messages = (await tb.jobs.get({ id })).logs.map((l) => l.message);
    expect(messages.some((m) => m.startsWith("resumed after the last step, to finish the run"))).toBe(true);
    expect(messages.some((m) => m.includes('"?"'))).toBe(false);
  });

  it("ends as rejected on reject with the reason (the rejected step named in the job view), and cancels a waiting job", async () => {
    const input = await tb.upload();
    const wf = await tb.workflow([{ ...load, requireApproval: true }, exportCsv]);
    const rejected = await tb.jobs.create({ workflowId: wf.id, inputDataId: input.id });
    const cancelled = await tb.jobs.create({ workflowId: wf.id, inputDataId: input.id });
    await tb.waitFor(rejected.id, ["awaiting_approval"]);
    await tb.waitFor(cancelled.id, ["awaiting_approval"]);

    const r = await tb.jobs.reject({ id: rejected.id, comment: "wrong delimiter" });
    expect(r).toMatchObject({ status: "rejected", error: 'step 1 "Load" rejected: wrong delimiter' });
    const view = await tb.jobs.get({ id: rejected.id });
    expect(view.steps.map((s) => s.status)).toEqual(["rejected", "pending"]);
    expect(view.steps[0]!.rejection).toMatchObject({ decision: "rejected", comment: "wrong delimiter", by: "user" });
    const retried = await tb.jobs.retry({ id: rejected.id });
    expect(retried.status).toBe("queued");
    await tb.waitFor(retried.id, ["awaiting_approval"]);
    const c = await tb.jobs.cancel(cancelled.id);
    expect(c.status).toBe("cancelled");
    expect((await tb.db.job.findUniqueOrThrow({ where: { id: cancelled.id } })).approvalDeadline).toBeNull();
    await expect(tb.jobs.reject({ id: cancelled.id, comment: "" })).rejects.toThrow(/say why/);
  });

  it("decides an overdue approval by the workflow's timeout action", async () => {
    const input = await tb.upload();
    const wf = await tb.workflow([{ ...load, requireApproval: true }, exportCsv], {
      approvalTimeoutSeconds: 1,
      approvalTimeoutAction: "approve",
    });
    const { id } = await tb.jobs.create({ workflowId: wf.id, inputDataId: input.id });
    const waiting = await tb.waitFor(id, ["awaiting_approval"]);
    expect(waiting.approvalDeadline).toBeInstanceOf(Date);
    const done = await tb.waitFor(id, ["completed", "failed", "cancelled"], 10_000);
    expect(done.status).toBe("completed");
    const detail = await tb.jobs.get({ id });
    expect(detail.job.metadata.approvals).toEqual([expect.objectContaining({ decision: "approved", by: "timeout" })]);
  });

  it("retries from the failed step, reusing the earlier checkpoints, as a new attempt", async () => {
    const input = await tb.upload();
    const wf = await tb.workflow([load, failingCheck, exportCsv]);
    const first = await tb.jobs.create({ workflowId: wf.id, inputDataId: input.id });
    await tb.waitFor(first.id, ["failed"]);

    const update = (steps: TStepInput[]) => tb.workflows.update(ZWorkflowUpdateSchema.parse({ id: wf.id, name: wf.name, steps }));
    // A changed step before the failed one makes the old checkpoints meaningless.
    await update([{ ...load, name: "Load again" }, failingCheck, exportCsv]);
    await rejectsWith(tb.jobs.retry({ id: first.id, fromStep: "failed", version: "latest" }), "INVALID", /changed since/);

    // Fix only the failing step; the retry starts at it.
    const passingCheck: TStepInput = {
      type: "validation",
      name: "Always fails",
      config: { spec: { kind: "functional", check: "sql", sql: "SELECT * FROM data WHERE id < 0" } },
    };
    const fixed = await update([load, passingCheck, exportCsv]);
    const retry = await tb.jobs.retry({ id: first.id, fromStep: "failed", version: "latest" });
    expect(retry).toMatchObject({ attempt: 2, retryOfId: first.id, workflowVersion: fixed.version, status: "queued" });
    const done = await tb.waitFor(retry.id, ["completed", "failed"]);
    expect(done.error).toBeNull();
    const detail = await tb.jobs.get({ id: retry.id });
    expect(detail.steps[0]!.result!.checkpointKey).toBe(`runs/${first.id}/step-0.parquet`);
    expect(detail.logs.some((l) => l.message.startsWith('resumed at step 2 "Always fails"'))).toBe(true);
    // The old attempt is kept as it was.
    expect((await tb.db.job.findUniqueOrThrow({ where: { id: first.id } })).status).toBe("failed");

    const again = await tb.jobs.retry({ id: first.id });
    expect(again.attempt).toBe(2);
    expect((await tb.waitFor(again.id, ["completed", "failed"])).status).toBe("failed");
  });

  it("creates without starting, then executes", async () => {
    const input = await tb.upload();
    const wf = await tb.workflow([load, exportCsv]);
    const job = await tb.jobs.create({ workflowId: wf.id, inputDataId: input.id, start: false });
    expect(job.status).toBe("created");
    expect((await tb.db.job.findUniqueOrThrow({ where: { id: job.id } })).status).toBe("created");
    expect((await tb.jobs.execute(job.id)).status).toBe("queued");
    await rejectsWith(tb.jobs.execute(job.id), "CONFLICT", /already/);
    expect((await tb.waitFor(job.id, ["completed", "failed"])).status).toBe("completed");

    const viaShortcut = await tb.jobs.executeWorkflow({ workflowId: wf.id, inputDataId: input.id });
    expect(viaShortcut.status).toBe("queued");
    await tb.waitFor(viaShortcut.id, ["completed"]);
  });

  it("refuses bad inputs with clear messages", async () => {
    const input = await tb.upload();
    const wf = await tb.workflow([load, exportCsv]);
    await rejectsWith(tb.jobs.create({ workflowId: "nope" }), "NOT_FOUND", /workflow nope not found/);
    await rejectsWith(tb.jobs.create({ workflowId: wf.id, inputDataId: "missing" }), "NOT_FOUND", /data missing not found/);
    await rejectsWith(tb.jobs.create({ workflowId: wf.id }), "INVALID", /loading step, so the job needs inputDataId/);
    await rejectsWith(tb.jobs.get({ id: "nope" }), "NOT_FOUND", /job nope not found/);
    await rejectsWith(tb.jobs.cancel("nope"), "NOT_FOUND", /job nope/);
    await rejectsWith(tb.jobs.retry({ id: "nope" }), "NOT_FOUND", /job nope/);
    await expect(tb.jobs.list({ status: "exploded" as never })).rejects.toThrow(/status/);
    const running = await tb.jobs.create({ workflowId: wf.id, inputDataId: input.id });
    await rejectsWith(tb.jobs.retry({ id: running.id }), "CONFLICT", /only finished jobs/);
    await tb.waitFor(running.id, ["completed"]);
    await rejectsWith(tb.jobs.retry({ id: running.id, fromStep: "failed" }), "INVALID", /did not fail in a step/);
  });

  it("lists with filters, sorting and search, and reports dashboard stats", async () => {
    const all = await tb.jobs.list({ pageSize: 200 });
    expect(all.total).toBeGreaterThan(10);
    expect(all.items[0]).not.toHaveProperty("metadata");
    const created = all.items.map((j) => j.createdAt.getTime());
    expect(created).toEqual([...created].sort((a, b) => b - a));

    const failed = await tb.jobs.list({ status: "failed" });
    expect(failed.items.every((j) => j.status === "failed")).toBe(true);
    const byName = await tb.jobs.list({ search: "validation" });
    expect(byName.items.length).toBeGreaterThan(0);
    expect(byName.items.every((j) => j.workflowName.includes("validation"))).toBe(true);
    const page2 = await tb.jobs.list({ page: 2, pageSize: 3, sort: "createdAt", order: "asc" });
    expect(page2.items).toHaveLength(3);
    const someInput = all.items.find((j) => j.inputDataId)?.inputDataId ?? "";
    const byInput = await tb.jobs.list({ inputDataId: someInput, pageSize: 200 });
    expect(byInput.total).toBe(all.items.filter((j) => j.inputDataId === someInput).length);
    expect(byInput.items.every((j) => j.inputDataId === someInput)).toBe(true);

    const stats = await tb.jobs.stats();
    expect(stats.total).toBe(all.total);
    expect(stats.counts.completed).toBe(all.items.filter((j) => j.status === "completed").length);
    expect(stats.successRate).toBeGreaterThan(0);
    expect(stats.successRate).toBeLessThan(1);
    expect(stats.averageDurationMs).toBeGreaterThan(0);
    expect(stats.recentByWorkflow.reduce((n, w) => n + w.total, 0)).toBe(all.total);
    expect(stats.queue).toMatchObject({ driver, concurrency: 2, runsJobs: true });
  });
});
