import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLocalStorage } from "../storage/local-storage.ts";
import { engineDeps } from "./runner.ts";
import { exportCsv, load, startJobTestbed, type TJobTestbed } from "./test-kit.ts";

describe("runs take their limits from config", () => {
  let tb: TJobTestbed;
  beforeAll(async () => {
    // The test kit's CSV has 4 columns.
    tb = await startJobTestbed({ env: { TABLE_MAX_COLUMNS: "3", DUCKDB_SPILL_LIMIT: "3MiB", UPLOAD_MAX_BYTES: "1000" } });
  });
  afterAll(() => tb?.close());

  it("hands DUCKDB_SPILL_LIMIT, TABLE_MAX_COLUMNS and UPLOAD_MAX_DECOMPRESSED_BYTES to the engine", () => {
    const deps = engineDeps(tb.config, createLocalStorage(tb.config.storageLocalRoot));
    expect(deps).toMatchObject({ spillLimit: "3MiB", inputLimits: { maxColumns: 3, decompressedMaxBytes: 10_000 } });
  });

  it("fails a job's loading step on an input past TABLE_MAX_COLUMNS with the upload profile's message", async () => {
    const input = await tb.upload();
    const wf = await tb.workflow([load, exportCsv]);
    const { id } = await tb.jobs.create({ workflowId: wf.id, inputDataId: input.id });
    const job = await tb.waitFor(id, ["completed", "failed"]);
    const message = '"points.csv" has 4 columns; the limit is 3 (TABLE_MAX_COLUMNS)';
    // The same words as the upload's own profile, which runs in the background.
    await expect.poll(async () => (await tb.data.get(input.id)).metadata).toMatchObject({ profileStatus: "failed", profileError: message });
    expect(job.status).toBe("failed");
    expect(job.error).toContain(message);
    const { steps } = await tb.jobs.get({ id });
    expect(steps[0]).toMatchObject({ status: "failed", result: { metadata: { success: false, error: message } } });
  });
});
