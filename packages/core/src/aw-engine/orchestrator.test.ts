import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { FIXTURES, useEngineTestContext } from "../../test/engine-test-kit.ts";
import type { TLedger } from "../schemas/ledger.ts";
import { ZStepSchema, ZGlobalConfigSchema, type TStepInput } from "../schemas/workflow.ts";
import { runWorkflow } from "./orchestrator.ts";
import { StepFailedError, type TRunEvent, type TRunRequest, type TStepResult } from "./run-types.ts";
import { withWorkspace } from "./workspace.ts";

const ctx = useEngineTestContext("aw-orch-test-");

async function upload(key: string, content: string | Buffer) {
  await ctx.storage.put(key, Readable.from([typeof content === "string" ? Buffer.from(content) : content]));
  return key;
}

function request(steps: TStepInput[], over: Partial<TRunRequest> & { events?: TRunEvent[] } = {}): TRunRequest {
  const events = over.events ?? [];
  return {
    runId: "run1",
    steps: steps.map((s) => ZStepSchema.parse(s)),
    globalConfig: ZGlobalConfigSchema.parse({}),
    input: null,
    startAt: 0,
    previous: [],
    signal: new AbortController().signal,
    onEvent: (e) => {
      events.push(e);
    },
    ...over,
  };
}

const stepResults = (events: TRunEvent[]) => events.flatMap((e) => (e.type === "step" ? [e.result] : []));
const progress = (events: TRunEvent[]) => events.flatMap((e) => (e.type === "progress" ? [e.progress] : []));

async function readParquet(key: string) {
  const file = await ctx.storage.toLocalFile(key, ctx.root);
  return withWorkspace({ memoryLimit: "128MB" }, async (ws) => ws.rows(`SELECT * FROM read_parquet('${await ws.adopt(file)}')`));
}

describe("runWorkflow", () => {
  it("runs load → profile → cosmo-ready → check → export, checkpointing every step that changes the table", async () => {
    const key = await upload("uploads/cities.csv", await fs.readFile(path.join(FIXTURES, "cities.csv")));
    const events: TRunEvent[] = [];
    const outcome = await runWorkflow(
      ctx.deps,
      request(
        [
          { name: "Load", type: "loading", config: {} },
          { name: "Profile", type: "profiling", config: {} },
          { name: "Prepare", type: "preparing", config: { target: "cosmo-ready" } },
          { name: "Check", type: "validation", config: { spec: { kind: "functional", check: "cosmo-ready" } } },
          { name: "Export", type: "export", config: { format: "parquet" } },
        ],
        { input: { storageKey: key, filename: "cities.csv" }, events },
      ),
    );
    expect(outcome.status).toBe("completed");
    if (outcome.status !== "completed") return;
    expect(outcome.output).toMatchObject({
      storageKey: "runs/run1/result.parquet",
      filename: null,
      extension: ".parquet",
      format: "parquet",
    });
    const stored = await fs.readFile(path.join(ctx.root, "runs/run1/result.parquet"));
    expect(outcome.output?.sha256).toBe(createHash("sha256").update(stored).digest("hex"));
    expect(outcome.output?.sizeBytes).toBe(stored.length);
    expect(outcome.report.mapping).toMatchObject({ pointsXBy: "longitude", pointsYBy: "latitude" });

    const results = stepResults(events);
    // Steps that only read the table point at the checkpoint of the step before them.
    expect(results.map((r) => [r.index, r.status, r.checkpointKey])).toEqual(
      [0, 0, 2, 2, 2].map((from, i) => [i, "completed", `runs/run1/step-${from}.parquet`]),
    );
    expect(await ctx.storage.stat("runs/run1/step-1.parquet")).toBeNull();
    for (const r of results) expect(await ctx.storage.stat(r.checkpointKey ?? "")).not.toBeNull();
    expect(results[0]?.metadata).toMatchObject({ success: true, tableInfo: expect.objectContaining({ columnCount: 5 }) });
    expect(results[2]?.metadata).toMatchObject({
      success: true,
      target: "cosmo-ready",
      attempts: [expect.objectContaining({ success: true })],
    });
    // The check validated the mapping the preparation chose.
    expect(results[3]?.metadata).toMatchObject({ passed: true, params: { mapping: { pointsXBy: "longitude" } } });

    const p = progress(events);
    expect(p).toEqual([...p].sort((a, b) => a - b));
    expect(p.at(-1)).toBe(100);
    const logs = events.filter((e) => e.type === "log").map((e) => (e.type === "log" ? e.message : ""));
    expect(logs).toContain('step 1/5 "Load" (loading) started');
    expect(logs.some((m) => /step 3\/5 "Prepare" completed: \d+ rows × 5 columns/.test(m))).toBe(true);
    expect((await readParquet("runs/run1/result.parquet")).length).toBeGreaterThan(0);
    // Every step says how much of its time went to writing its checkpoint.
    for (const r of results) expect(r.checkpointMs).toBeGreaterThanOrEqual(0);
  });

  it("pauses after a step that asks for approval and resumes from its checkpoint in a fresh workspace", async () => {
    const key = await upload("uploads/people.csv", "name,age\n Ann ,34\nBob,NA\nAnn,34\n,\nCid,29\n");
    const steps: TStepInput[] = [
      { name: "Load", type: "loading", config: { format: "csv" } },
      { name: "Clean", type: "preparing", config: { target: "clean", dedupe: true }, requireApproval: true },
      { name: "Export", type: "export", config: { format: "csv", filename: "people-clean.csv" } },
    ];
    const events: TRunEvent[] = [];
    const paused = await runWorkflow(ctx.deps, request(steps, { input: { storageKey: key, filename: "people.csv" }, events }));
    expect(paused.status).toBe("awaiting_approval");
    if (paused.status !== "awaiting_approval") return;
    expect(paused.stepIndex).toBe(1);
    expect(paused.preview.columns).toEqual(["name", "age"]);
    expect(paused.preview.rows).toEqual([
      { name: "Ann", age: 34 },
      { name: "Bob", age: null },
      { name: "Cid", age: 29 },
    ]);
    expect(paused.preview.metadata).toMatchObject({ success: true, target: "clean" });
    const ledger = paused.preview.metadata.ledger as TLedger;
    expect(ledger.removed.map((r) => [r.reason, r.count])).toEqual([
      ["every value of the row empty", 1],
      ["exact duplicate of an earlier row (dedupe asked for)", 1],
    ]);
    expect([ledger.rowsIn, ledger.rowsOut]).toEqual([5, 3]);
    const previous: TStepResult[] = stepResults(events);
    expect(previous).toHaveLength(2);
    expect(await ctx.storage.stat("runs/run1/result.csv")).toBeNull();

    // The input is gone: the resumed run must read the checkpoint, not the upload.
    await ctx.storage.delete(key);
    const resumedEvents: TRunEvent[] = [];
    const done = await runWorkflow(
      ctx.deps,
      request(steps, { input: { storageKey: key, filename: "people.csv" }, startAt: 2, previous, events: resumedEvents }),
    );
    expect(done.status).toBe("completed");
    if (done.status !== "completed") return;
    expect(done.output).toMatchObject({ storageKey: "runs/run1/result.csv", filename: "people-clean.csv", contentType: "text/csv" });
    expect(await fs.readFile(path.join(ctx.root, "runs/run1/result.csv"), "utf8")).toBe("name,age\nAnn,34\nBob,\nCid,29\n");
    expect(stepResults(resumedEvents).map((r) => r.index)).toEqual([2]);
    expect(Math.min(...progress(resumedEvents))).toBeGreaterThanOrEqual(66);
    expect(done.report.steps).toHaveLength(3);
  });

  it("produces a Parquet result when the workflow has no export step", async () => {
    const key = await upload("uploads/n.csv", "n\n1\n2\n");
    const outcome = await runWorkflow(
      ctx.deps,
      request([{ name: "Load", type: "loading", config: {} }], { input: { storageKey: key, filename: "n.csv" } }),
    );
    // The Parquet result is also the result's table snapshot.
    expect(outcome).toMatchObject({
      status: "completed",
      output: { storageKey: "runs/run1/result.parquet", format: "parquet" },
      table: { rowCount: 2, columnCount: 1, columns: [{ name: "n", type: "BIGINT" }], snapshotKey: "runs/run1/result.parquet" },
    });
    expect(await readParquet("runs/run1/result.parquet")).toEqual([{ n: "1" }, { n: "2" }]);
  });

  it("keeps the final table as the snapshot of a result exported in another format, unless a later step changed the table", async () => {
    const key = await upload("uploads/n.csv", "n\n1\n2\n3\n");
    const input = { storageKey: key, filename: "n.csv" };
    const load: TStepInput = { name: "Load", type: "loading", config: {} };
    const exportCsv: TStepInput = { name: "Export", type: "export", config: { format: "csv" } };
    const check: TStepInput = {
      name: "Check",
      type: "validation",
      config: { spec: { kind: "info_dict", rules: [{ metric: "row_count", operator: "gt", value: 0 }] } },
    };
    const exported = await runWorkflow(ctx.deps, request([load, exportCsv, check], { input }));
    expect(exported).toMatchObject({
      output: { storageKey: "runs/run1/result.csv" },
      table: { rowCount: 3, snapshotKey: "runs/run1/table.parquet" },
    });
    expect(await readParquet("runs/run1/table.parquet")).toEqual([{ n: "1" }, { n: "2" }, { n: "3" }]);

    const limit: TStepInput = { name: "Top 1", type: "preparing", config: { target: "custom", operations: [{ op: "limit", count: 1 }] } };
    const changed = await runWorkflow(ctx.deps, request([load, exportCsv, limit], { input, runId: "run2" }));
    expect(changed).toMatchObject({ output: { storageKey: "runs/run2/result.csv" }, table: null, report: { table: { rowCount: 1 } } });
    expect(await ctx.storage.stat("runs/run2/table.parquet")).toBeNull();
  });

  describe("retry cascade: step → workflow → server default", () => {
    // a and b are the fullest pair but never share a row: the first plan fails its check, the revision succeeds.
    const csv = [
      "a,b,c",
      ...Array.from({ length: 20 }, (_, k) => `${k < 10 ? k * 1.5 + 0.5 : ""},${k >= 10 ? k * 2.5 : ""},${k % 2 ? k * 0.7 : ""}`),
    ].join("\n");
    const steps = (maxRetries?: number): TStepInput[] => [
      { name: "Load", type: "loading", config: {} },
      { name: "Prepare", type: "preparing", config: { target: "cosmo-ready" }, ...(maxRetries === undefined ? {} : { maxRetries }) },
    ];
    const attemptsOf = (err: unknown) => ((err as StepFailedError).result.metadata.attempts as unknown[]).length;

    it("fails after one attempt with no retries anywhere", async () => {
      const key = await upload("uploads/abc.csv", csv);
      const err = await runWorkflow(ctx.deps, request(steps(), { input: { storageKey: key, filename: "abc.csv" } })).catch(
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(StepFailedError);
      expect((err as StepFailedError).stepIndex).toBe(1);
      expect((err as StepFailedError).result.status).toBe("failed");
      expect(attemptsOf(err)).toBe(1);
    });

    it("uses the server default, then the workflow setting, and the step's own setting wins", async () => {
      const key = await upload("uploads/abc.csv", csv);
      const input = { storageKey: key, filename: "abc.csv" };
      const byDefault = await runWorkflow({ ...ctx.deps, defaultMaxRetries: 1 }, request(steps(), { input }));
      expect(byDefault.status).toBe("completed");
      const events: TRunEvent[] = [];
      await runWorkflow(ctx.deps, request(steps(), { input, globalConfig: ZGlobalConfigSchema.parse({ maxRetries: 2 }), events }));
      expect(stepResults(events)[1]?.metadata.attempts).toHaveLength(2);
      expect(events.some((e) => e.type === "log" && e.level === "warn" && e.message.includes("revising"))).toBe(true);
      const err = await runWorkflow(
        ctx.deps,
        request(steps(0), { input, globalConfig: ZGlobalConfigSchema.parse({ maxRetries: 2 }) }),
      ).catch((e: unknown) => e);
      expect(attemptsOf(err)).toBe(1);
    });
  });

  it("fails a step whose validation fails, with the report in the step result", async () => {
    const key = await upload("uploads/n.csv", "n\n1\n-2\n");
    const err = await runWorkflow(
      ctx.deps,
      request(
        [
          { name: "Load", type: "loading", config: {} },
          { name: "Positive", type: "validation", config: { spec: { kind: "schema", columns: [{ name: "n", min: 0 }] } } },
        ],
        { input: { storageKey: key, filename: "n.csv" } },
      ),
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StepFailedError);
    const failed = (err as StepFailedError).result;
    expect(failed.metadata).toMatchObject({ passed: false, failures: [expect.objectContaining({ rule: "min", count: 1 })] });
    expect((err as Error).message).toBe('step "Positive" failed: validation failed (1 failures): column "n" has 1 values below 0');
  });

  it("checks again a table that a later step changed after the preparation passed the same check", async () => {
    const key = await upload("uploads/cities.csv", await fs.readFile(path.join(FIXTURES, "cities.csv")));
    const steps = (between: TStepInput[]): TStepInput[] => [
      { name: "Load", type: "loading", config: {} },
      { name: "Prepare", type: "preparing", config: { target: "cosmo-ready" } },
      ...between,
      { name: "Check", type: "validation", config: { spec: { kind: "functional", check: "cosmo-ready" } } },
    ];
    const ok = await runWorkflow(ctx.deps, request(steps([]), { input: { storageKey: key, filename: "cities.csv" } }));
    expect(ok.status).toBe("completed");

    const unplace: TStepInput = {
      name: "Unplace",
      type: "preparing",
      config: { target: "custom", operations: [{ op: "derive", column: "longitude", expression: "CAST('NaN' AS DOUBLE)" }] },
    };
    const err = await runWorkflow(
      ctx.deps,
      request(steps([unplace]), { runId: "run2", input: { storageKey: key, filename: "cities.csv" } }),
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StepFailedError);
    expect((err as StepFailedError).result).toMatchObject({ name: "Check", metadata: { passed: false } });
  });

  it("refuses to read files other than its input, even from a derive expression", async () => {
    const key = await upload("uploads/n.csv", "n\n1\n");
    const err = await runWorkflow(
      ctx.deps,
      request(
        [
          { name: "Load", type: "loading", config: {} },
          {
            name: "Peek",
            type: "validation",
            config: { spec: { kind: "functional", check: "sql", sql: `SELECT * FROM read_csv('${path.join(FIXTURES, "cities.csv")}')` } },
          },
        ],
        { input: { storageKey: key, filename: "n.csv" } },
      ),
    ).catch((e: unknown) => e);
    expect((err as StepFailedError).result.metadata.failures).toEqual([
      expect.objectContaining({ rule: "sql_rejected", message: expect.stringMatching(/read_csv/) }),
    ]);
  });

  it("stops promptly when cancelled mid-query", async () => {
    const key = await upload("uploads/n.csv", `n\n${Array.from({ length: 3000 }, (_, i) => i).join("\n")}\n`);
    const controller = new AbortController();
    let abortedAt = 0;
    const run = runWorkflow(
      ctx.deps,
      request(
        [
          { name: "Load", type: "loading", config: {} },
          {
            name: "Slow",
            type: "validation",
            config: {
              spec: { kind: "functional", check: "sql", sql: "SELECT * FROM data a, data b, data c WHERE hash(a.n, b.n, c.n) = 0" },
            },
          },
        ],
        {
          input: { storageKey: key, filename: "n.csv" },
          signal: controller.signal,
          // Cancelled once the endless step (2.7·10¹⁰ hashed triples) has begun.
          onEvent: (e) => {
            if (e.type === "progress" && e.stepName === "Slow" && !abortedAt) {
              abortedAt = Date.now();
              setImmediate(() => controller.abort());
            }
          },
        },
      ),
    );
    const err = await run.catch((e: unknown) => e);
    expect((err as Error).name).toBe("AbortError");
    expect(Date.now() - abortedAt).toBeLessThan(5000);
  });
});
