import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tableColumns } from "../sample.ts";
import { ident, Workspace } from "../workspace.ts";
import { relationFacts } from "./column-facts.ts";

let ws: Workspace;
beforeAll(async () => {
  ws = await Workspace.open({ memoryLimit: "256MB", threads: 1 });
  // 5000 rows: past the screen of the first rows, the values of some columns stop reading as their early type.
  await ws.run(`CREATE TABLE t AS SELECT
      CAST(i AS VARCHAR) AS ints,
      CASE WHEN i = 4999 THEN 'n/a' ELSE CAST(i AS VARCHAR) END AS late_text,
      CASE WHEN i = 4000 THEN '1.5' ELSE CAST(i AS VARCHAR) END AS late_double,
      CASE WHEN i = 3000 THEN '007' ELSE CAST(i + 1 AS VARCHAR) END AS late_zero,
      CASE WHEN i = 2500 THEN '2024-02-30' ELSE '2024-01-0' || (i % 9 + 1) END AS late_bad_date,
      CASE WHEN i % 2 = 0 THEN 'yes' ELSE ' no ' END AS flags,
      'word ' || i AS words,
      CASE WHEN i > 4990 THEN '12' END AS late_values,
      i * 0.5 AS num
    FROM range(5000) r(i)`);
});
afterAll(async () => {
  await ws.close();
});

const facts = async (wanted: Parameters<typeof relationFacts>[3]) => relationFacts(ws, ident("t"), await tableColumns(ws, "t"), wanted);

describe("relationFacts", () => {
  it("reads text columns as the narrowest type every value converts to, even when the first rows suggest another", async () => {
    const result = await facts({ text: true });
    expect(Object.fromEntries(result.columns.map((f) => [f.name, f.readsAs]))).toEqual({
      ints: "bigint",
      late_text: null,
      late_double: "double",
      late_zero: null,
      late_bad_date: null,
      flags: "boolean",
      words: null,
      late_values: "bigint",
      num: null,
    });
    expect(result.rowCount).toBe(5000);
    expect(result.columns.find((f) => f.name === "late_values")?.nonNull).toBe(9);
  });

  it("computes exact distinct counts and numeric ranges only when asked", async () => {
    const withStats = await facts({ stats: true });
    expect(withStats.columns.find((f) => f.name === "flags")).toMatchObject({ distinct: 2, readsAs: null });
    expect(withStats.columns.find((f) => f.name === "num")).toMatchObject({ distinct: 5000, min: 0, max: 2499.5, nonFinite: 0 });
    const counts = await facts({});
    expect(counts.columns.find((f) => f.name === "num")).toMatchObject({ nonNull: 5000, distinct: 0, min: null, max: null });
  });
});
