import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FIXTURES } from "../../../test/engine-test-kit.ts";
import { Workspace } from "../workspace.ts";
import { profileFile } from "./profile-file.ts";
import { columnKind, profileTable, quickProfile } from "./profile-table.ts";

let ws: Workspace;

beforeEach(async () => {
  ws = await Workspace.open({ memoryLimit: "256MB", threads: 1 });
  await ws.run(`CREATE TABLE t AS SELECT * FROM (VALUES
    (1, 10.0, 'red', true, DATE '2024-01-01'),
    (2, 20.0, 'red', false, DATE '2024-01-02'),
    (3, NULL, 'blue', true, NULL),
    (4, 40.0, 'red', NULL, DATE '2024-01-04'),
    (5, 'NaN'::DOUBLE, NULL, true, DATE '2024-01-05'),
    (6, 30.0, 'green', true, DATE '2024-01-06')
  ) v(id, amount, color, flag, day)`);
});
afterEach(async () => {
  await ws.close();
});

const column = async (name: string, options = {}) => {
  const profile = await profileTable(ws, "t", options);
  const found = profile.columns.find((c) => c.name === name);
  if (!found) throw new Error(`no column ${name}`);
  return found;
};

describe("profileTable", () => {
  it("counts rows and columns and maps DuckDB types to kinds", async () => {
    const profile = await profileTable(ws, "t");
    expect(profile.table).toEqual({ rowCount: 6, columnCount: 5 });
    expect(profile.columns.map((c) => [c.name, c.type, c.kind])).toEqual([
      ["id", "INTEGER", "integer"],
      ["amount", "DOUBLE", "number"],
      ["color", "VARCHAR", "string"],
      ["flag", "BOOLEAN", "boolean"],
      ["day", "DATE", "date"],
    ]);
  });

  it("computes counts, extremes and moments of an integer column", async () => {
    const id = await column("id");
    expect(id).toMatchObject({ nullCount: 0, nullFraction: 0, distinctCount: 6, min: 1, max: 6, mean: 3.5 });
    expect(id.std).toBeCloseTo(1.8708, 4);
    expect(id.quantiles?.p50).toBeGreaterThanOrEqual(3);
    expect(id.quantiles?.p50).toBeLessThanOrEqual(4);
  });

  it("counts nulls and leaves NaN out of mean, std and histogram", async () => {
    const amount = await column("amount", { histogramBins: 3 });
    expect(amount.nullCount).toBe(1);
    expect(amount.nullFraction).toBeCloseTo(1 / 6);
    expect(amount.mean).toBe(25);
    expect(amount.std).toBeCloseTo(12.9099, 4);
    expect(amount.max).toBe("NaN");
    expect(amount.histogram).toEqual([
      { start: 10, end: 20, count: 2 },
      { start: 20, end: 30, count: 1 },
      { start: 30, end: 40, count: 1 },
    ]);
    expect(JSON.parse(JSON.stringify(amount))).toEqual(amount);
  });

  it("builds histograms whose bins sum to the non-null count", async () => {
    const id = await column("id", { histogramBins: 4 });
    expect(id.histogram).toHaveLength(4);
    expect(id.histogram?.[0]).toEqual({ start: 1, end: 2.25, count: 2 });
    expect(id.histogram?.at(-1)?.end).toBe(6);
    expect(id.histogram?.reduce((s, b) => s + b.count, 0)).toBe(6);
    await ws.run("UPDATE t SET amount = 50 WHERE id = 5");
    const amount = await column("amount", { histogramBins: 5 });
    expect(amount.histogram?.map((b) => b.count)).toEqual([1, 1, 1, 1, 1]);
    expect(amount.histogram?.reduce((s, b) => s + b.count, 0)).toBe(6 - amount.nullCount);
  });

  it("lists top values with exact counts, most frequent first, without nulls", async () => {
    const color = await column("color", { topValues: 2 });
    expect(color.topValues).toEqual([
      { value: "red", count: 3 },
      { value: "blue", count: 1 },
    ]);
    expect(color).toMatchObject({ nullCount: 1, min: "blue", max: "red", mean: null, histogram: null, quantiles: null });
    const flag = await column("flag");
    expect(flag.topValues).toEqual([
      { value: true, count: 4 },
      { value: false, count: 1 },
    ]);
  });

  it("lists top values of columns named like the aliases its queries use", async () => {
    await ws.run(`CREATE TABLE vn AS SELECT * FROM (VALUES (1, 'a'), (2, 'b'), (2, 'b')) t(n, v)`);
    const profile = await profileTable(ws, "vn", { topValues: 1 });
    expect(profile.columns.map((c) => c.topValues)).toEqual([[{ value: 2, count: 2 }], [{ value: "b", count: 2 }]]);
  });

  it("reports dates as ISO strings with quantiles", async () => {
    const day = await column("day");
    expect(day).toMatchObject({ kind: "date", nullCount: 1, min: "2024-01-01", max: "2024-01-06" });
    expect(day.quantiles?.p50).toMatch(/^2024-01-0\d$/);
  });

  it("handles an empty table", async () => {
    await ws.run("CREATE OR REPLACE TABLE t AS SELECT * FROM t WHERE false");
    const profile = await profileTable(ws, "t");
    expect(profile.table.rowCount).toBe(0);
    expect(profile.columns[0]).toMatchObject({ nullCount: 0, nullFraction: 0, min: null, mean: null, topValues: [], histogram: [] });
  });

  it("estimates quartiles of a large table from a sample and bins every value", async () => {
    await ws.run("CREATE OR REPLACE TABLE t AS SELECT range AS v FROM range(300000)");
    const [v] = (await profileTable(ws, "t", { histogramBins: 10 })).columns;
    const q = v?.quantiles as { p25: number; p50: number; p75: number };
    expect(Math.abs(q.p25 - 75_000)).toBeLessThan(15_000);
    expect(Math.abs(q.p50 - 150_000)).toBeLessThan(15_000);
    expect(Math.abs(q.p75 - 225_000)).toBeLessThan(15_000);
    expect(v?.histogram?.map((b) => b.count).reduce((a, b) => a + b, 0)).toBe(300_000);
    expect(v?.mean).toBe(149_999.5);
    // Distinct counts are estimated at this size, and say so.
    expect(v?.distinctExact).toBe(false);
    expect(Math.abs(v!.distinctCount - 300_000)).toBeLessThan(30_000);
  });

  it("counts distinct values exactly in tables of up to 100k rows", async () => {
    // A HyperLogLog estimate puts these 42 names at 39 and the 100k numbers at 96,408.
    await ws.run("CREATE OR REPLACE TABLE t AS SELECT 'city_' || (range % 42) AS city, range AS n FROM range(100000)");
    const [city, n] = (await profileTable(ws, "t")).columns;
    expect(city).toMatchObject({ distinctCount: 42, distinctExact: true });
    expect(n).toMatchObject({ distinctCount: 100_000, distinctExact: true });
  });

  it("skips top values of near-unique columns", async () => {
    await ws.run("CREATE OR REPLACE TABLE t AS SELECT range AS id, range % 3 AS g FROM range(5000)");
    const profile = await profileTable(ws, "t", { topValues: 3 });
    expect(profile.columns[0]?.topValues).toEqual([]);
    expect(profile.columns[1]?.topValues.map((v) => v.count)).toEqual([1667, 1667, 1666]);
  });
});

describe("quickProfile and profileFile", () => {
  it("gives counts and types only", async () => {
    expect(await quickProfile(ws, "t")).toEqual({
      rowCount: 6,
      columnCount: 5,
      columns: [
        { name: "id", type: "INTEGER" },
        { name: "amount", type: "DOUBLE" },
        { name: "color", type: "VARCHAR" },
        { name: "flag", type: "BOOLEAN" },
        { name: "day", type: "DATE" },
      ],
    });
  });

  it("loads and profiles a file in a throwaway workspace", async () => {
    const quick = await profileFile({ path: path.join(FIXTURES, "cities.csv"), filename: "cities.csv", memoryLimit: "256MB", full: false });
    expect(quick.profile).toBeNull();
    expect(quick.quick).toMatchObject({ rowCount: 6, columnCount: 5 });
    expect(quick.load.params.delimiter).toBe(",");
    const full = await profileFile({ path: path.join(FIXTURES, "cities.csv"), filename: "cities.csv", memoryLimit: "256MB", full: true });
    const latitude = full.profile?.columns.find((c) => c.name === "latitude");
    expect(latitude).toMatchObject({ kind: "number", min: 38.7223, max: 59.9139, nullCount: 0 });
  });

  it("maps types to kinds", () => {
    expect(["HUGEINT", "FLOAT", "DECIMAL(18,3)", "TIMESTAMP WITH TIME ZONE", "VARCHAR[]", "STRUCT(a INTEGER)"].map(columnKind)).toEqual([
      "integer",
      "number",
      "number",
      "timestamp",
      "other",
      "other",
    ]);
  });
});
