import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TLedger } from "../../schemas/ledger.ts";
import { ZOperationSchema, type TOperation } from "../../schemas/operations.ts";
import { ZPreparingConfigSchema, type PREPARE_TARGETS } from "../../schemas/workflow.ts";
import { jsonRows, tableColumns } from "../sample.ts";
import { TARGET_PLANNERS } from "../targets/index.ts";
import { TargetUnreachableError } from "../targets/types.ts";
import { ident, literal, Workspace } from "../workspace.ts";
import { hiddenColumns } from "./compile.ts";
import { runPlan } from "./run-plan.ts";

/**
 * Property: whatever the table and whatever a target plans, the ledger accounts for everything.
 * rows in − Σ removed = rows out; no column appears that the ledger does not list as added (or
 * renamed); and no value differs between a source row and its result row unless the ledger
 * counts changes in that column.
 */

let ws: Workspace;
beforeAll(async () => {
  ws = await Workspace.open({ memoryLimit: "256MB", threads: 1 });
});
afterAll(async () => {
  await ws.close();
});

type TCell = string | number | null;
type TColumnSpec = { name: string; type: "BIGINT" | "DOUBLE" | "VARCHAR"; values: TCell[] };

const TEXT_POOL = [
  "a",
  "b",
  "c",
  " a ",
  "NA",
  "null",
  "",
  "N/A",
  "12",
  " 7 ",
  "3.5",
  "2024-01-02",
  "2023-12-31",
  "yes",
  "no",
  "Paris",
  "Lyon",
  "0012",
];

const columnArb = (rows: number, name: string) =>
  fc.oneof(
    fc.record({
      name: fc.constant(name),
      type: fc.constant("BIGINT" as const),
      values: fc.array(fc.option(fc.integer({ min: -5, max: 40 }), { nil: null }), { minLength: rows, maxLength: rows }),
    }),
    fc.record({
      name: fc.constant(name),
      type: fc.constant("DOUBLE" as const),
      values: fc.array(fc.option(fc.double({ min: -100, max: 100, noNaN: true }), { nil: null }), { minLength: rows, maxLength: rows }),
    }),
    fc.record({
      name: fc.constant(name),
      type: fc.constant("VARCHAR" as const),
      values: fc.array(fc.option(fc.constantFrom(...TEXT_POOL), { nil: null }), { minLength: rows, maxLength: rows }),
    }),
  );

const NAMES = ["x", "y", "name", "group", "score", "id"];
const tableArb = fc
  .integer({ min: 1, max: 30 })
  .chain((rows) =>
    fc.integer({ min: 1, max: NAMES.length }).chain((width) => fc.tuple(...NAMES.slice(0, width).map((n) => columnArb(rows, n)))),
  );

async function createTable(columns: TColumnSpec[]) {
  const rows = columns[0]?.values.length ?? 0;
  const cell = (v: TCell, type: string) => (v === null ? `NULL::${type}` : typeof v === "string" ? literal(v) : `${v}::${type}`);
  const tuples = Array.from({ length: rows }, (_, r) => `(${columns.map((c) => cell(c.values[r] ?? null, c.type)).join(", ")})`);
  await ws.run(
    `CREATE OR REPLACE TABLE src AS SELECT * FROM (VALUES ${tuples.join(", ")}) t(${columns.map((c) => ident(c.name)).join(", ")})`,
  );
}

/** Every name a source column had along the way, following the ledger's renames. */
function namesOf(column: string, ledger: TLedger): string[] {
  const names = [column];
  for (const r of ledger.columns.renamed) if (r.from === names.at(-1)) names.push(r.to);
  return names;
}

async function checkLedger(ledger: TLedger) {
  const rid = hiddenColumns((await tableColumns(ws, "src")).map((c) => c.name)).rid;
  const [counts] = await ws.rowsJS(
    `SELECT (SELECT count(*) FROM src) AS src, (SELECT count(*) FROM out) AS out, (SELECT count(DISTINCT ${ident(rid)}) FROM out) AS ids`,
  );
  const removed = ledger.removed.reduce((n, r) => n + r.count, 0);
  expect(ledger.rowsIn).toBe(Number(counts?.src));
  expect(ledger.rowsOut).toBe(Number(counts?.out));
  expect(ledger.rowsIn - removed).toBe(ledger.rowsOut);
  // No row invented, none repeated.
  expect(Number(counts?.ids)).toBe(ledger.rowsOut);
  for (const r of ledger.removed) expect(r.examples.length).toBe(Math.min(3, r.count));

  const source = await tableColumns(ws, "src");
  const result = (await tableColumns(ws, "out")).filter((c) => c.name !== rid);
  const added = new Set(ledger.columns.added.map((a) => a.column));
  const explained = new Set<string>();
  for (const column of source) {
    const names = namesOf(column.name, ledger);
    const final = names.at(-1) ?? column.name;
    const kept = result.find((c) => c.name === final);
    if (!kept) {
      expect(
        ledger.columns.dropped.some((d) => names.includes(d.column)),
        `${column.name} disappeared without a word`,
      ).toBe(true);
      continue;
    }
    explained.add(final);
    const counted = ledger.values.filter((v) => names.includes(v.column)).reduce((n, v) => n + v.count, 0);
    const [diff] = await ws.rowsJS(
      `SELECT count(*) AS n FROM src s JOIN out o ON s.rowid = o.${ident(rid)}
       WHERE CAST(s.${ident(column.name)} AS VARCHAR) IS DISTINCT FROM CAST(o.${ident(final)} AS VARCHAR)`,
    );
    const changed = Number(diff?.n);
    expect(changed, `${column.name}: ${changed} values changed, ledger counts ${counted}`).toBeLessThanOrEqual(counted);
    if (kept.type !== column.type)
      expect(
        ledger.columns.cast.some((c) => names.includes(c.column)),
        `${column.name} retyped without a word`,
      ).toBe(true);
  }
  for (const column of result) {
    if (!explained.has(column.name)) expect(added.has(column.name), `${column.name} appeared without a word`).toBe(true);
  }
}

const TARGETS: (typeof PREPARE_TARGETS)[number][] = ["clean", "ml-ready", "plot-ready", "cosmo-ready"];

describe("the change ledger accounts for every change", () => {
  for (const target of TARGETS) {
    it(`${target}: rows in − removed = rows out, and every column and value change is counted`, async () => {
      await fc.assert(
        fc.asyncProperty(tableArb, fc.boolean(), async (columns, dedupe) => {
          await createTable(columns);
          const config = ZPreparingConfigSchema.parse({ target, dedupe });
          let operations: TOperation[];
          try {
            const ctx = { ws, table: "src", columns: await tableColumns(ws, "src"), config, feedback: null, memory: {} };
            operations = (await TARGET_PLANNERS[target](ctx)).operations;
          } catch (err) {
            // A target may refuse the data, but only with a reason naming the columns it saw.
            if (!(err instanceof TargetUnreachableError)) throw err;
            expect(err.message).toMatch(/columns seen|column|mapping/);
            return;
          }
          const { ledger } = await runPlan(ws, "src", operations, "out", { keepSourceRow: true });
          await checkLedger(ledger);
        }),
        { numRuns: 25 },
      );
    });
  }

  it("custom plans: any chain of operations is fully accounted for", async () => {
    const opArb: fc.Arbitrary<TOperation> = fc
      .oneof(
        fc.record({
          op: fc.constant("filter" as const),
          column: fc.constantFrom("x", "y"),
          operator: fc.constantFrom("not_null" as const, "is_null" as const),
        }),
        fc.record({ op: fc.constant("drop_nulls" as const), how: fc.constantFrom("any" as const, "all" as const) }),
        fc.constant({ op: "dedupe" as const }),
        fc.record({ op: fc.constant("limit" as const), count: fc.integer({ min: 0, max: 20 }) }),
        fc.record({
          op: fc.constant("cast" as const),
          column: fc.constantFrom("x", "y"),
          to: fc.constantFrom("double" as const, "varchar" as const, "integer" as const),
        }),
        fc.record({
          op: fc.constant("fill_nulls" as const),
          columns: fc.constant<string[]>(["x"]),
          strategy: fc.constantFrom("mode" as const, "zero" as const),
          indicator: fc.boolean(),
        }),
        fc.constant({ op: "sort" as const, by: [{ column: "y", direction: "desc" as const }] }),
        fc.constant({ op: "derive" as const, column: "z", expression: "1" }),
        fc.constant({ op: "derive" as const, column: "y", expression: "y * 2" }),
        fc.constant({ op: "select" as const, columns: ["x"] }),
        fc.constant({ op: "rename" as const, mapping: { y: "w" } }),
        fc.record({
          op: fc.constant("normalize_text" as const),
          columns: fc.constant<string[]>(["x"]),
          nullWords: fc.constant<string[]>(["1"]),
          trim: fc.boolean(),
        }),
        fc.record({ op: fc.constant("bucket" as const), column: fc.constant("x"), keep: fc.constant<string[]>(["2"]) }),
      )
      .map((op) => ZOperationSchema.parse(op));
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 20 }), fc.array(opArb, { maxLength: 6 }), async (rows, ops) => {
        await ws.run(
          `CREATE OR REPLACE TABLE src AS SELECT CASE WHEN i % 3 = 0 THEN NULL ELSE (i % 4)::VARCHAR || repeat(' ', i % 2) END AS x, CASE WHEN i % 5 = 0 THEN NULL ELSE i % 2 END AS y FROM range(${rows}) r(i)`,
        );
        let ledger: TLedger;
        try {
          ({ ledger } = await runPlan(ws, "src", ops, "out", { keepSourceRow: true }));
        } catch (err) {
          // An operation on a column an earlier one removed, or fill_nulls "zero" on text, is refused: an error, never a silent change.
          expect(err).toBeInstanceOf(Error);
          return;
        }
        await checkLedger(ledger);
      }),
      { numRuns: 80 },
    );
  });

  it("a removal keeps examples of the rows as they were", async () => {
    await ws.run(`CREATE OR REPLACE TABLE src AS SELECT * FROM (VALUES (1, 'a'), (NULL, 'b'), (3, NULL)) t(n, s)`);
    const { ledger } = await runPlan(ws, "src", [{ op: "drop_nulls", columns: ["n"], reason: "no measurement" }], "out");
    expect(ledger.removed).toEqual([{ reason: "no measurement", count: 1, examples: [{ n: null, s: "b" }] }]);
    expect(await jsonRows(ws, "SELECT * FROM out")).toEqual([
      { n: 1, s: "a" },
      { n: 3, s: null },
    ]);
  });
});
