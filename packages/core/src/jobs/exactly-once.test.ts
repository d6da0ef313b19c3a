import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportCsv, load, startJobTestbed, type TJobTestbed } from "./test-kit.ts";

describe("local queue: many jobs at concurrency 4", () => {
  let tb: TJobTestbed;
  beforeAll(async () => {
    tb = await startJobTestbed({ env: { JOB_CONCURRENCY: "4" } });
  });
  afterAll(() => tb?.close());

  it("runs 100 jobs, each exactly once, never more than 4 at a time", async () => {
    const input = await tb.upload();
    const wf = await tb.workflow([load, exportCsv]);
    const jobs = await Promise.all(Array.from({ length: 100 }, () => tb.jobs.create({ workflowId: wf.id, inputDataId: input.id })));

    let peak = 0;
    for (;;) {
      peak = Math.max(peak, (await tb.system.queue.stats()).running);
      const left = await tb.db.job.count({ where: { id: { in: jobs.map((j) => j.id) }, status: { in: ["queued", "running"] } } });
      if (left === 0) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(peak).toBeLessThanOrEqual(4);
    expect(peak).toBeGreaterThanOrEqual(2);

    const rows = await tb.db.job.findMany({ where: { workflowId: wf.id }, include: { outputs: true } });
    expect(rows.map((r) => r.status)).toEqual(Array(100).fill("completed"));
    expect(rows.every((r) => r.outputs.length === 1 && r.outputs[0]!.id === r.resultDataId)).toBe(true);
    const starts = await tb.db.jobLog.groupBy({
      by: ["jobId"],
      where: { jobId: { in: rows.map((r) => r.id) }, message: { startsWith: "started on worker" } },
      _count: { _all: true },
    });
    expect(starts).toHaveLength(100);
    expect(starts.every((s) => s._count._all === 1)).toBe(true);
  });
});
