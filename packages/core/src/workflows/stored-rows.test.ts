// Rows written by older versions, inserted raw as they sit in a database today, and read through the services.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startJobTestbed, type TJobTestbed } from "../jobs/test-kit.ts";

/** A workflow saved before preparing had `dedupe`/`maxNullShare`, `fill_nulls` had `indicator`, and steps had `requireApproval`. */
const OLD_STEPS = [
  { id: "preparing-1", type: "preparing", name: "Clean", config: { target: "clean", useLlm: false } },
  {
    id: "preparing-2",
    type: "preparing",
    name: "Fill",
    config: { target: "custom", useLlm: false, operations: [{ op: "fill_nulls", columns: ["x"], strategy: "zero" }] },
  },
];

describe("stored rows of older shapes", () => {
  let tb: TJobTestbed;
  beforeAll(async () => {
    tb = await startJobTestbed();
  });
  afterAll(() => tb?.close());

  const rawWorkflow = (steps: unknown, globalConfig: unknown = {}) =>
    tb.db.workflow.create({
      data: {
        name: "old",
        description: "",
        steps: steps as never,
        globalConfig: globalConfig as never,
        versions: { create: { version: 1, name: "old", steps: steps as never, globalConfig: globalConfig as never } },
      },
    });

  it("upgrades an old workflow version's steps and global config through the schema defaults", async () => {
    const row = await rawWorkflow(OLD_STEPS);
    for (const read of [await tb.workflows.get(row.id), await tb.workflows.getVersion(row.id, 1)]) {
      const [clean, fill] = read.steps;
      expect(clean).toMatchObject({ requireApproval: false, config: { target: "clean", dedupe: false, maxNullShare: 0.5 } });
      expect(fill?.type === "preparing" && fill.config.operations?.[0]).toMatchObject({ op: "fill_nulls", indicator: false });
      expect(read.globalConfig).toEqual({ approvalTimeoutAction: "reject", llm: { enabled: false } });
    }
  });

  it("names the workflow and the field when a stored step no longer parses", async () => {
    const row = await rawWorkflow([{ type: "preparing", name: "Gone", config: { target: "tidy" } }]);
    await expect(tb.workflows.get(row.id)).rejects.toThrow(new RegExp(`^workflow ${row.id} .*steps\\.0\\.config\\.target: `));
    await expect(tb.workflows.getVersion(row.id, 1)).rejects.toThrow(
      new RegExp(`^workflow ${row.id} version 1 .*steps\\.0\\.config\\.target: `),
    );
  });

  it("reads a job's metadata from before links checkpoints and the change ledger, and names a broken one", async () => {
    const wf = await rawWorkflow(OLD_STEPS);
    const oldResult = {
      index: 0,
      name: "Clean",
      type: "preparing",
      status: "completed",
      startedAt: "2024-01-01T00:00:00.000Z",
      completedAt: "2024-01-01T00:00:01.000Z",
      metadata: { success: true },
      checkpointKey: null,
    };
    const job = await tb.db.job.create({
      data: { workflowId: wf.id, workflowVersion: 1, status: "failed", parameters: {}, metadata: { steps: [oldResult], failedStep: 1 } },
    });
    const { job: read, steps } = await tb.jobs.get({ id: job.id });
    expect(read.metadata).toEqual({ steps: [oldResult], failedStep: 1 });
    expect(steps[0]?.result).toEqual(oldResult);

    const empty = await tb.db.job.create({
      data: { workflowId: wf.id, workflowVersion: 1, status: "created", parameters: {}, metadata: {} },
    });
    expect((await tb.jobs.get({ id: empty.id })).job.metadata).toEqual({ steps: [] });

    const broken = await tb.db.job.create({
      data: {
        workflowId: wf.id,
        workflowVersion: 1,
        status: "failed",
        parameters: {},
        metadata: { steps: [{ ...oldResult, status: "done" }] },
      },
    });
    await expect(tb.jobs.get({ id: broken.id })).rejects.toThrow(/metadata\.steps\.0\.status: /);
    await expect(tb.jobs.delete(broken.id)).rejects.toThrow(new RegExp(`^job ${broken.id} .*metadata\\.steps\\.0\\.status: `));
  });

  it("reads an artifact's metadata as stored, and names the artifact and field when it does not parse", async () => {
    const base = { filename: "old.csv", sizeBytes: 10n, contentType: "text/csv", format: "csv", sha256: "0".repeat(64) };
    const old = await tb.db.dataArtifact.create({ data: { ...base, storageKey: "old-1", metadata: { rowCount: 3, columnCount: 2 } } });
    expect((await tb.data.get(old.id)).metadata).toEqual({ rowCount: 3, columnCount: 2 });
    const broken = await tb.db.dataArtifact.create({ data: { ...base, storageKey: "old-2", metadata: { rowCount: "three" } } });
    await expect(tb.data.get(broken.id)).rejects.toThrow(new RegExp(`^data ${broken.id} .*metadata\\.rowCount: `));
  });
});
