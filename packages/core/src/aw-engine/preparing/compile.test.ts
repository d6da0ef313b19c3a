import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZOperationSchema, type TOperation } from "../../schemas/operations.ts";
import { jsonRows } from "../sample.ts";
import { Workspace } from "../workspace.ts";
import { compileOperations } from "./compile.ts";
import { runPlan } from "./run-plan.ts";

let ws: Workspace;

beforeAll(async () => {
  ws = await Workspace.open({ memoryLimit: "256MB", threads: 1 });
  await ws.run(`CREATE TABLE people AS SELECT * FROM (VALUES
    (1, 'Ann', '34', 'Paris', 10.5::DOUBLE),
    (2, 'Bob', 'x', 'Lyon', NULL),
    (3, 'Cid', '29', NULL, 7.0),
    (4, 'Ann', '34', 'Paris', 10.5),
    (5, 'Dee', NULL, 'Nice', 3.0)
  ) t(id, name, age, city, score)`);
});
afterAll(async () => {
  await ws.close();
});

const ops = (list: unknown[]): TOperation[] => list.map((o) => ZOperationSchema.parse(o));

async function apply(list: unknown[]) {
  const run = await runPlan(ws, "people", ops(list), "out");
  const rows = await jsonRows(ws, `SELECT * FROM out`);
  return { run, rows };
}

describe("compileOperations", () => {
  it("select and rename keep only and rename columns, in the original row order", async () => {
    const { run, rows } = await apply([
      { op: "select", columns: ["name", "city"] },
      { op: "rename", mapping: { city: "town" } },
    ]);
    expect(run.columns).toEqual(["name", "town"]);
    expect(rows.map((r) => r.name)).toEqual(["Ann", "Bob", "Cid", "Ann", "Dee"]);
    expect(Object.keys(rows[0] ?? {})).toEqual(["name", "town"]);
  });

  it("cast uses TRY_CAST and reports how many values failed to convert", async () => {
    const { run, rows } = await apply([{ op: "cast", column: "age", to: "integer" }]);
    expect(run.ledger.columns.cast).toEqual([{ column: "age", from: "VARCHAR", to: "INTEGER", reason: "cast to integer", failed: 1 }]);
    expect(rows.map((r) => r.age)).toEqual([34, null, 29, 34, null]);
  });

  it("filter quotes its values, so a value can never become SQL", async () => {
    const { rows } = await apply([{ op: "filter", column: "name", operator: "eq", value: "Ann' OR '1'='1" }]);
    expect(rows).toEqual([]);
    const gt = await apply([{ op: "filter", column: "score", operator: "gte", value: 7 }]);
    expect(gt.rows.map((r) => r.id)).toEqual([1, 3, 4]);
    const inList = await apply([{ op: "filter", column: "city", operator: "in", value: ["Lyon", "Nice"] }]);
    expect(inList.rows.map((r) => r.id)).toEqual([2, 5]);
    const notIn = await apply([{ op: "filter", column: "city", operator: "not_in", value: ["Paris"] }]);
    expect(notIn.rows.map((r) => r.id)).toEqual([2, 3, 5]);
    const contains = await apply([{ op: "filter", column: "name", operator: "contains", value: "e" }]);
    expect(contains.rows.map((r) => r.id)).toEqual([5]);
    const nulls = await apply([{ op: "filter", column: "score", operator: "is_null" }]);
    expect(nulls.rows.map((r) => r.id)).toEqual([2]);
  });

  it("fill_nulls supports constant, zero, mean, median and mode", async () => {
    const constant = await apply([{ op: "fill_nulls", columns: ["city"], strategy: "constant", value: "Unknown" }]);
    expect(constant.rows.map((r) => r.city)).toEqual(["Paris", "Lyon", "Unknown", "Paris", "Nice"]);
    const zero = await apply([{ op: "fill_nulls", columns: ["score"], strategy: "zero" }]);
    expect(zero.rows.map((r) => r.score)).toEqual([10.5, 0, 7, 10.5, 3]);
    const mean = await apply([{ op: "fill_nulls", columns: ["score"], strategy: "mean" }]);
    expect(mean.rows[1]?.score).toBeCloseTo(7.75);
    const median = await apply([{ op: "fill_nulls", columns: ["score"], strategy: "median" }]);
    expect(median.rows[1]?.score).toBeCloseTo(8.75);
    const mode = await apply([{ op: "fill_nulls", columns: ["city"], strategy: "mode" }]);
    expect(mode.rows[2]?.city).toBe("Paris");
  });

  it("drop_nulls drops rows with any (or all) NULLs among the columns", async () => {
    const any = await apply([{ op: "drop_nulls" }]);
    expect(any.rows.map((r) => r.id)).toEqual([1, 4]);
    const some = await apply([{ op: "drop_nulls", columns: ["age", "city"], how: "all" }]);
    expect(some.rows.map((r) => r.id)).toEqual([1, 2, 3, 4, 5]);
  });

  it("dedupe keeps the first of each duplicate, over all or some columns", async () => {
    const exact = await apply([{ op: "select", columns: ["name", "age", "city"] }, { op: "dedupe" }]);
    expect(exact.rows).toHaveLength(4);
    const byName = await apply([{ op: "dedupe", columns: ["name"] }]);
    expect(byName.rows.map((r) => r.id)).toEqual([1, 2, 3, 5]);
  });

  it("derive adds or replaces a column from one expression; sort and limit order the rows", async () => {
    const { rows } = await apply([
      { op: "derive", column: "double_score", expression: "score * 2" },
      { op: "derive", column: "name", expression: "upper(name)" },
      { op: "sort", by: [{ column: "double_score", direction: "desc" }] },
      { op: "limit", count: 3 },
    ]);
    expect(rows.map((r) => [r.id, r.name, r.double_score])).toEqual([
      [1, "ANN", 21],
      [4, "ANN", 21],
      [3, "CID", 14],
    ]);
  });

  it("names the unknown column and the available ones", () => {
    expect(() => compileOperations({ table: "people", columns: ["id", "name"] }, ops([{ op: "select", columns: ["nmae"] }]))).toThrow(
      'operation 1 (select): unknown column "nmae"; available columns: id, name',
    );
    // Columns are tracked through the plan: after a rename the old name is gone.
    expect(() =>
      compileOperations(
        { table: "people", columns: ["id", "name"] },
        ops([
          { op: "rename", mapping: { name: "who" } },
          { op: "sort", by: [{ column: "name" }] },
        ]),
      ),
    ).toThrow('operation 2 (sort): unknown column "name"; available columns: id, who');
  });

  it("refuses statements and subqueries in derive, and filters missing their value", () => {
    expect(ZOperationSchema.safeParse({ op: "derive", column: "x", expression: "1; DROP TABLE people" }).success).toBe(false);
    expect(ZOperationSchema.safeParse({ op: "derive", column: "x", expression: "(SELECT 1)" }).success).toBe(false);
    expect(() => compileOperations({ table: "people", columns: ["id"] }, ops([{ op: "filter", column: "id", operator: "gt" }]))).toThrow(
      "needs a value",
    );
    expect(() =>
      compileOperations(
        { table: "people", columns: ["id"] },
        ops([
          { op: "rename", mapping: { id: "id2" } },
          { op: "derive", column: "id2", expression: "1" },
        ]),
      ),
    ).not.toThrow();
  });
});
