import fs from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { useEngineTestContext } from "../../test/engine-test-kit.ts";
import { ZGlobalConfigSchema, ZStepSchema, type TStepInput } from "../schemas/workflow.ts";
import { runWorkflow } from "./orchestrator.ts";
import { StepFailedError, type TRunEvent, type TRunRequest, type TStepResult } from "./run-types.ts";

const ctx = useEngineTestContext("aw-links-test-");

const MISERABLES = path.resolve(import.meta.dirname, "../../node_modules/vega-datasets/data/miserables.json");

/** A miserables-like document: 40 characters in 8 groups, links naming them by `index`, `extra` links naming no one. */
function graphDocument({ extra = 0 } = {}) {
  const nodes = Array.from({ length: 40 }, (_, i) => ({ name: `character ${i}`, group: i % 8, index: i }));
  const links = Array.from({ length: 90 }, (_, i) => ({ source: i % 40, target: (i * 7 + 3) % 40, value: 1 + (i % 5) }));
  for (let i = 0; i < extra; i++) links.push({ source: 100 + i, target: i, value: 1 });
  return JSON.stringify({ nodes, links });
}

async function request(
  steps: TStepInput[],
  document: string | Buffer,
  over: Partial<TRunRequest> = {},
): Promise<TRunRequest & { events: TRunEvent[] }> {
  const key = "uploads/graph.json";
  if (!(await ctx.storage.stat(key))) await ctx.storage.put(key, Readable.from([Buffer.from(document)]));
  const events: TRunEvent[] = [];
  return {
    runId: "run1",
    steps: steps.map((s) => ZStepSchema.parse(s)),
    globalConfig: ZGlobalConfigSchema.parse({}),
    input: { storageKey: key, filename: "graph.json" },
    startAt: 0,
    previous: [],
    signal: new AbortController().signal,
    events,
    onEvent: (e) => {
      events.push(e);
    },
    ...over,
  };
}

const stepResults = (events: TRunEvent[]) => events.flatMap((e) => (e.type === "step" ? [e.result] : []));
const readDocument = async (key: string) =>
  JSON.parse(await fs.readFile(path.join(ctx.root, key), "utf8")) as { nodes: Record<string, unknown>[]; links: Record<string, unknown>[] };

const LOAD: TStepInput = { name: "Load", type: "loading", config: {} };
const PREPARE: TStepInput = { name: "Prepare", type: "preparing", config: { target: "cosmo-ready" } };
const CHECK: TStepInput = { name: "Check", type: "validation", config: { spec: { kind: "functional", check: "cosmo-ready" } } };
const GRAPH_MAPPING = { pointIdBy: "index", linkSourceBy: "source", linkTargetBy: "target", linkWeightBy: "value", pointLabelBy: "name" };

describe("nodes and links together", () => {
  it("loads both arrays, maps the links by the ids they name, checks them and exports one document", async () => {
    const steps: TStepInput[] = [LOAD, PREPARE, CHECK, { name: "Export", type: "export", config: { format: "json" } }];
    const req = await request(steps, graphDocument());
    const outcome = await runWorkflow(ctx.deps, req);
    expect(outcome.status).toBe("completed");
    if (outcome.status !== "completed") return;

    const [load, prepare, check] = stepResults(req.events);
    expect(load?.metadata).toMatchObject({
      params: { jsonPath: "nodes" },
      tableInfo: { rowCount: 40 },
      links: { tableInfo: { table: "links", rowCount: 90 }, params: { jsonPath: "links" } },
    });
    expect(load?.metadata.warnings).toContain(
      'loaded "nodes" (40 rows) as the points and "links" (90 rows) beside them as their links; to load only one of them, set the loading option jsonPath (e.g. jsonPath: "links")',
    );
    const mapping = prepare?.metadata.mapping as Record<string, string>;
    expect(mapping).toMatchObject(GRAPH_MAPPING);
    // A nodes table's category and row number are never links, and without named positions Cosmograph lays the graph out.
    expect(["group", "index"]).not.toContain(mapping.linkSourceBy);
    expect(["group", "index"]).not.toContain(mapping.linkTargetBy);
    expect(mapping.pointsXBy).toBeUndefined();
    expect(prepare?.metadata.ledger).toMatchObject({ rowsIn: 40, rowsOut: 40 });
    expect(check?.metadata).toMatchObject({ success: true, params: { mapping } });
    expect(stepResults(req.events).map((r) => r.linksCheckpointKey)).toEqual([
      "runs/run1/step-0.links.parquet",
      "runs/run1/step-1.links.parquet",
      "runs/run1/step-1.links.parquet",
      "runs/run1/step-1.links.parquet",
    ]);

    expect(outcome.output).toMatchObject({ format: "json", contentType: "application/json" });
    const document = await readDocument(outcome.output?.storageKey ?? "");
    expect(document.nodes).toHaveLength(40);
    expect(document.links).toHaveLength(90);
    expect(document.nodes[1]).toEqual({ name: "character 1", group: 1, index: 1 });
    expect(document.links[1]).toEqual({ source: 1, target: 10, value: 2 });
    expect(outcome.table).toMatchObject({ rowCount: 40 });
  });

  it("keeps the links across an approval: the resumed run restores them in a fresh workspace", async () => {
    const steps: TStepInput[] = [LOAD, { ...PREPARE, requireApproval: true }, CHECK];
    const first = await request(steps, graphDocument());
    const paused = await runWorkflow(ctx.deps, first);
    expect(paused.status).toBe("awaiting_approval");
    const previous: TStepResult[] = stepResults(first.events);
    // The input is gone: the resumed run reads the checkpoints only.
    await ctx.storage.delete("uploads/graph.json");

    const resumed = await request(steps, graphDocument(), { startAt: 2, previous });
    const done = await runWorkflow(ctx.deps, resumed);
    expect(done.status).toBe("completed");
    if (done.status !== "completed") return;
    expect(resumed.events).toContainEqual(expect.objectContaining({ message: "links restored from the checkpoint of step 2" }));
    expect(stepResults(resumed.events)[0]?.metadata).toMatchObject({ success: true, params: { mapping: GRAPH_MAPPING } });
    // Without an export step a run with links still keeps both: a Parquet result would hold the points only.
    expect(done.output).toMatchObject({ storageKey: "runs/run1/result.json", format: "json" });
    const document = await readDocument("runs/run1/result.json");
    expect([document.nodes.length, document.links.length]).toEqual([40, 90]);
  });

  it("fails the check on links that name no point, counting them with examples", async () => {
    const error = await runWorkflow(ctx.deps, await request([LOAD, PREPARE], graphDocument({ extra: 12 }))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StepFailedError);
    expect((error as StepFailedError).reason).toContain(
      `link column "source": 12 links reference ids not among the points' index values, e.g. 100, 101, 102, 103, 104`,
    );
  });

  it("refuses to export points with links as one table", async () => {
    const error = await runWorkflow(
      ctx.deps,
      await request([LOAD, { name: "Export", type: "export", config: { format: "csv" } }], graphDocument()),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StepFailedError);
    expect((error as StepFailedError).reason).toBe(
      "this run holds points and links: export as json to keep both, or load one array with jsonPath (csv holds one table)",
    );
  });

  it("warns when another target removes points the untouched links may name", async () => {
    const document = JSON.parse(graphDocument()) as { nodes: Record<string, unknown>[] };
    document.nodes.push({ ...document.nodes[0] });
    const req = await request(
      [LOAD, { name: "Dedupe", type: "preparing", config: { target: "clean", dedupe: true } }],
      JSON.stringify(document),
    );
    await runWorkflow(ctx.deps, req);
    expect(stepResults(req.events)[1]?.metadata.notes).toContain(
      "1 point removed; the links were left as they are and may name them: a cosmo-ready check counts such links",
    );
  });

  it("loads one array only when jsonPath names it", async () => {
    const req = await request([{ ...LOAD, config: { jsonPath: "links" } }], graphDocument());
    const outcome = await runWorkflow(ctx.deps, req);
    expect(stepResults(req.events)[0]?.metadata.links).toBeUndefined();
    expect(outcome).toMatchObject({ status: "completed", output: { format: "parquet" }, table: { rowCount: 90 } });
  });

  it("prepares the real miserables.json (vega-datasets) without being told which arrays to read", async () => {
    const req = await request([LOAD, PREPARE, CHECK], await fs.readFile(MISERABLES));
    const outcome = await runWorkflow(ctx.deps, req);
    expect(outcome.status).toBe("completed");
    if (outcome.status !== "completed") return;
    expect(outcome.report.mapping).toMatchObject(GRAPH_MAPPING);
    const document = await readDocument(outcome.output?.storageKey ?? "");
    expect([document.nodes.length, document.links.length]).toEqual([77, 254]);
  });
});
