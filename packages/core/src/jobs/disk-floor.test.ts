import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DomainError } from "../errors.ts";
import { createJobService, type TJobService } from "./service.ts";
import { exportCsv, failingCheck, load, startJobTestbed, type TJobTestbed } from "./test-kit.ts";

const FLOOR_MESSAGE = /^the server's disk has .+ free, less than the .+ it keeps \(DISK_MIN_FREE_BYTES\); try again once space is freed$/;

async function refusedForDisk(promise: Promise<unknown>) {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DomainError);
  expect(err).toMatchObject({ kind: "INSUFFICIENT_STORAGE", message: expect.stringMatching(FLOOR_MESSAGE) });
}

describe("jobs below the disk floor (DISK_MIN_FREE_BYTES)", () => {
  let tb: TJobTestbed;
  /** The same jobs, seen by a service whose disk floor no disk meets. */
  let full: TJobService;
  beforeAll(async () => {
    tb = await startJobTestbed();
    full = createJobService({
      db: tb.db,
      bus: tb.system.bus,
      queue: tb.system.queue,
      storage: tb.storage,
      config: { ...tb.config, DISK_MIN_FREE_BYTES: Number.MAX_SAFE_INTEGER },
    });
  });
  afterAll(() => tb?.close());

  it("refuses to queue a new job and creates none; a job kept `created` is refused when executed", async () => {
    const input = await tb.upload();
    const wf = await tb.workflow([load, exportCsv]);
    const before = await tb.db.job.count();
    await refusedForDisk(full.create({ workflowId: wf.id, inputDataId: input.id }));
    await refusedForDisk(full.executeWorkflow({ workflowId: wf.id, inputDataId: input.id }));
    expect(await tb.db.job.count()).toBe(before);

    // Creating without starting holds no disk; starting it does.
    const created = await full.create({ workflowId: wf.id, inputDataId: input.id, start: false });
    expect(created.status).toBe("created");
    await refusedForDisk(full.execute(created.id));
    expect((await tb.db.job.findUniqueOrThrow({ where: { id: created.id } })).status).toBe("created");
  });

  it("refuses a retry and creates no new attempt", async () => {
    const wf = await tb.workflow([load, failingCheck]);
    const { id } = await tb.jobs.create({ workflowId: wf.id, inputDataId: (await tb.upload()).id });
    await tb.waitFor(id, ["failed"]);
    await refusedForDisk(full.retry({ id, fromStep: "failed" }));
    await refusedForDisk(full.retry({ id }));
    expect(await tb.db.job.count({ where: { retryOfId: id } })).toBe(0);
  });

  it("refuses an approval, leaving the job waiting; a rejection still goes through", async () => {
    const wf = await tb.workflow([{ ...load, requireApproval: true }, exportCsv]);
    const input = await tb.upload();
    const [a, b] = [
      await tb.jobs.create({ workflowId: wf.id, inputDataId: input.id }),
      await tb.jobs.create({ workflowId: wf.id, inputDataId: input.id }),
    ];
    await tb.waitFor(a.id, ["awaiting_approval"]);
    await tb.waitFor(b.id, ["awaiting_approval"]);

    await refusedForDisk(full.approve({ id: a.id }));
    expect((await tb.db.job.findUniqueOrThrow({ where: { id: a.id } })).status).toBe("awaiting_approval");
    expect((await full.reject({ id: b.id, comment: "not now" })).status).toBe("rejected");

    // Once the disk has room, the same approval resumes the run.
    await tb.jobs.approve({ id: a.id });
    expect((await tb.waitFor(a.id, ["completed", "failed"])).status).toBe("completed");
  });
});
