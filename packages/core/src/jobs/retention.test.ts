import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sweepRetention } from "./retention.ts";
import { exportCsv, failingCheck, load, startJobTestbed, type TJobTestbed } from "./test-kit.ts";

const DAY = 24 * 3600 * 1000;

describe("retention of finished jobs", () => {
  let tb: TJobTestbed;
  beforeAll(async () => {
    tb = await startJobTestbed();
  });
  afterAll(() => tb?.close());

  async function run(steps = [load, exportCsv], inputDataId?: string) {
    const wf = await tb.workflow(steps);
    const job = await tb.jobs.create({ workflowId: wf.id, inputDataId: inputDataId ?? (await tb.upload()).id });
    return tb.waitFor(job.id, ["completed", "failed"]);
  }
  const age = (id: string, days: number) => tb.db.job.update({ where: { id }, data: { completedAt: new Date(Date.now() - days * DAY) } });

  it("deletes old finished jobs with their logs, results and checkpoints, and keeps the rest", async () => {
    const old = await run();
    const oldFailed = await run([load, failingCheck]);
    const recent = await run();
    // An old result that a recent job read as its input stays, as does that job.
    const chained = await run();
    const reader = await run([load, exportCsv], chained.resultDataId!);
    await age(old.id, 40);
    await age(oldFailed.id, 31);
    await age(chained.id, 40);

    const oldResult = await tb.db.dataArtifact.findUniqueOrThrow({ where: { id: old.resultDataId! } });
    // The result's table snapshot, as the run left it.
    const snapshot = `runs/${old.id}/table.parquet`;
    const oldKeys = [
      oldResult.storageKey,
      snapshot,
      // The export only read the table: its step points at this checkpoint of the load.
      `runs/${old.id}/step-0.parquet`,
      `runs/${oldFailed.id}/step-0.parquet`,
    ];
    for (const key of oldKeys) expect(await tb.storage.stat(key), key).not.toBeNull();

    expect(await sweepRetention(tb, { days: 0 })).toEqual({ jobs: 0, artifacts: 0, objects: 0 });
    const result = await sweepRetention(tb, { days: 30 });
    // Objects: the result file and the load checkpoints of the 2 old jobs, and of the chained one.
    expect(result).toEqual({ jobs: 3, artifacts: 1, objects: 3 + 1 });

    const left = (await tb.db.job.findMany({ select: { id: true } })).map((j) => j.id);
    expect(left).not.toContain(old.id);
    expect(left).not.toContain(oldFailed.id);
    expect(left).not.toContain(chained.id);
    expect(left).toEqual(expect.arrayContaining([recent.id, reader.id]));
    expect(await tb.db.jobLog.count({ where: { jobId: { in: [old.id, oldFailed.id] } } })).toBe(0);
    expect(await tb.db.dataArtifact.findUnique({ where: { id: old.resultDataId! } })).toBeNull();
    for (const key of oldKeys) expect(await tb.storage.stat(key), key).toBeNull();
    // Inputs are uploads, not results: they stay. The chained result stays, detached from its deleted job.
    expect(await tb.db.dataArtifact.findUnique({ where: { id: old.inputDataId! } })).not.toBeNull();
    expect(await tb.db.dataArtifact.findUniqueOrThrow({ where: { id: chained.resultDataId! } })).toMatchObject({ sourceJobId: null });
    expect(await tb.storage.stat(`runs/${recent.id}/step-0.parquet`)).not.toBeNull();
  });

  it("keeps an old failed job whose checkpoints an unfinished retry reuses", async () => {
    const failed = await run([load, { ...failingCheck, requireApproval: false }, exportCsv]);
    await age(failed.id, 40);
    // The retry waits (not started), pointing at the failed job's step-0 checkpoint.
    const wf = await tb.db.workflow.findUniqueOrThrow({ where: { id: failed.workflowId } });
    const retry = await tb.db.job.create({
      data: {
        workflowId: wf.id,
        workflowVersion: 1,
        status: "created",
        parameters: {},
        metadata: failed.metadata as never,
        retryOfId: failed.id,
        attempt: 2,
      },
    });
    expect((await sweepRetention(tb, { days: 30 })).jobs).toBe(0);
    expect(await tb.storage.stat(`runs/${failed.id}/step-0.parquet`)).not.toBeNull();
    await tb.jobs.cancel(retry.id);
    expect((await sweepRetention(tb, { days: 30 })).jobs).toBe(1);
  });
});
