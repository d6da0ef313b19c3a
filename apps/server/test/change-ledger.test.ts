import { ZLedgerSchema, type TJobState } from "@aw/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, uploadFile, type THarness } from "./harness.ts";
import { collect } from "./subscriptions.ts";

// A person's export: padded names, null words, a blank row and a real duplicate (two orders of the same thing).
const ORDERS = "customer,qty,note\n Ann ,2,NA\nBob,1,rush\n,,\nAnn,2,NA\nCid,n/a,\n";

let h: THarness;
beforeAll(async () => {
  h = await startServer();
});
afterAll(() => h?.close());

/** Runs a workflow on an uploaded file through the public API and waits for the job's stream to end. */
async function runOn(filename: string, content: string, steps: unknown[]) {
  const res = await uploadFile(h, filename, content);
  expect(res.status).toBe(201);
  const { id: inputDataId } = (await res.json()) as { id: string };
  // @ts-expect-error steps are written as a hand-written client sends them
  const wf = await h.trpc.workflows.create.mutate({ name: `ledger ${filename}`, steps });
  const job = await h.trpc.jobs.create.mutate({ workflowId: wf.id, inputDataId, start: false });
  const states = collect<TJobState>((handlers) => h.trpc.jobs.onJob.subscribe({ id: job.id }, handlers));
  await h.trpc.jobs.execute.mutate({ id: job.id });
  await states.done;
  return h.trpc.jobs.get.query({ id: job.id, logLimit: 1000 });
}

describe("the change ledger through the public API", () => {
  it("a clean step reports every row removed and value changed, keeps duplicates, and the result matches the ledger", async () => {
    const job = await runOn("orders.csv", ORDERS, [
      { name: "Load", type: "loading", config: { format: "auto" } },
      { name: "Clean", type: "preparing", config: { target: "clean" } },
      { name: "Export", type: "export", config: { format: "csv" } },
    ]);
    expect(job.job.status).toBe("completed");
    const ledgerOf = (type: string) => ZLedgerSchema.parse(job.steps.find((s) => s.type === type)?.result?.metadata.ledger);
    const ledger = ledgerOf("preparing");
    expect([ledger.rowsIn, ledger.rowsOut]).toEqual([5, 4]);
    expect(ledger.removed.map((r) => [r.reason, r.count])).toEqual([["every value of the row empty", 1]]);
    const changes = Object.fromEntries(ledger.values.map((v) => [`${v.column}:${v.change}`, v.count]));
    expect(changes).toMatchObject({ "customer:trimmed": 1, "qty:null_word": 1, "note:null_word": 2 });
    expect(ledger.columns.cast).toEqual([expect.objectContaining({ column: "qty", from: "VARCHAR", to: "BIGINT", failed: 0 })]);

    // The loading step accounts for its rows too.
    const load = ledgerOf("loading");
    expect(load.rowsOut).toBe(5);

    // The job log says it in words, and the result holds exactly what the ledger says: both Anns.
    expect(job.logs.some((l) => /"Clean" changes: 5 rows in → 4 out; removed 1 \(every value of the row empty\)/.test(l.message))).toBe(
      true,
    );
    const result = await h.trpc.data.sample.query({ id: job.job.resultDataId ?? "", limit: 10 });
    expect(result.total).toBe(4);
    expect(result.rows.map((r) => r.customer)).toEqual(["Ann", "Bob", "Ann", "Cid"]);
  });

  it("dedupe asked for is counted with examples", async () => {
    const job = await runOn("orders-dedupe.csv", ORDERS, [
      { name: "Load", type: "loading", config: {} },
      { name: "Clean", type: "preparing", config: { target: "clean", dedupe: true } },
    ]);
    const ledger = ZLedgerSchema.parse(job.steps.find((s) => s.type === "preparing")?.result?.metadata.ledger);
    expect(ledger.removed).toContainEqual({
      reason: "exact duplicate of an earlier row (dedupe asked for)",
      count: 1,
      examples: [{ customer: "Ann", qty: "2", note: null }],
    });
    expect(ledger.rowsIn - ledger.removed.reduce((n, r) => n + r.count, 0)).toBe(ledger.rowsOut);
  });
});
