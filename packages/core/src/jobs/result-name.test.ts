import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postgresAvailable } from "../db/test-databases.ts";
import { ZWorkflowDefinitionSchema } from "../schemas/index.ts";
import { exportCsv, load, startJobTestbed, type TJobTestbed } from "./test-kit.ts";
import { resultName, slugOf } from "./result-name.ts";

describe("result names", () => {
  it("are <input>.<workflow-slug><ext>, unless the export step names the file", () => {
    expect(slugOf("Cosmo graph prep!")).toBe("cosmo-graph-prep");
    expect(slugOf("Préparation — été 2026")).toBe("preparation-ete-2026");
    expect(slugOf("!!!")).toBe("workflow");
    expect(resultName({ explicit: null, input: "cities.csv", workflow: "Cosmo graph prep", extension: ".parquet" })).toBe(
      "cities.cosmo-graph-prep.parquet",
    );
    expect(resultName({ explicit: null, input: "sales.2026.csv.gz", workflow: "Clean", extension: ".csv" })).toBe("sales.2026.clean.csv");
    expect(resultName({ explicit: "people.csv", input: "cities.csv", workflow: "Clean", extension: ".csv" })).toBe("people.csv");
  });
});

const providers = [{ provider: "sqlite" as const }, ...((await postgresAvailable()) ? [{ provider: "postgresql" as const }] : [])];

describe.each(providers)("$provider: results of the same input and workflow", ({ provider }) => {
  let tb: TJobTestbed;
  beforeAll(async () => {
    tb = await startJobTestbed({ provider, env: { JOB_CONCURRENCY: "4" } });
  });
  afterAll(() => tb?.close());

  it("get distinct names even when their runs finish at the same moment, and an explicit filename is kept distinct too", async () => {
    const input = await tb.upload(undefined, "points.csv");
    const wf = await tb.workflows.create(ZWorkflowDefinitionSchema.parse({ name: "Tidy points", steps: [load, exportCsv] }));
    const jobs = await Promise.all([1, 2, 3, 4].map(() => tb.jobs.create({ workflowId: wf.id, inputDataId: input.id })));
    const names: string[] = [];
    for (const job of jobs) {
      const done = await tb.waitFor(job.id, ["completed", "failed"]);
      expect(done.error).toBeNull();
      names.push((await tb.data.get(done.resultDataId!)).filename);
    }
    expect(names.sort()).toEqual([
      "points.tidy-points-2.csv",
      "points.tidy-points-3.csv",
      "points.tidy-points-4.csv",
      "points.tidy-points.csv",
    ]);

    const named = await tb.workflow([load, { type: "export", name: "Export", config: { format: "csv", filename: "export.csv" } }]);
    const first = await tb.waitFor((await tb.jobs.create({ workflowId: named.id, inputDataId: input.id })).id, ["completed", "failed"]);
    const second = await tb.waitFor((await tb.jobs.create({ workflowId: named.id, inputDataId: input.id })).id, ["completed", "failed"]);
    expect((await tb.data.get(first.resultDataId!)).filename).toBe("export.csv");
    expect((await tb.data.get(second.resultDataId!)).filename).toBe("export-2.csv");
  });
});
