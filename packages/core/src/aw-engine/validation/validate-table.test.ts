import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZValidationSpecSchema, type TValidationSpec } from "../../schemas/validation.ts";
import { Workspace } from "../workspace.ts";
import { validateTable } from "./validate-table.ts";

let ws: Workspace;
beforeAll(async () => {
  ws = await Workspace.open({ memoryLimit: "256MB", threads: 1 });
  await ws.run(`CREATE TABLE data AS SELECT * FROM (VALUES
    (1, 'ann@example.com', 34, 'gold', 'x'),
    (2, 'bob-at-example', -3, 'silver', 'x'),
    (2, NULL, 150, 'platinum', 'x'),
    (4, 'cid@example.com', NULL, 'gold', 'x'),
    (5, 'dee', 40, 'bronze', 'x'),
    (6, 'eve', 41, 'wood', 'x'),
    (7, 'fay', 42, 'stone', 'x'),
    (8, 'gus', 43, 'iron', 'x'),
    (9, 'hal', 44, 'tin', 'x')
  ) t(id, email, age, tier, extra)`);
});
afterAll(async () => {
  await ws.close();
});

const spec = (s: unknown): TValidationSpec => ZValidationSpecSchema.parse(s);

describe("schema validation", () => {
  it("collects every failure with counts and at most five example rows", async () => {
    const report = await validateTable(
      ws,
      "data",
      spec({
        kind: "schema",
        allowExtraColumns: false,
        columns: [
          { name: "id", type: "integer", unique: true },
          { name: "email", nullable: false, pattern: "^[^@]+@[^@]+$" },
          { name: "age", type: "number", min: 0, max: 120 },
          { name: "tier", allowed: ["gold", "silver", "bronze"] },
          { name: "missing_col" },
          { name: "optional_col", required: false },
        ],
      }),
    );
    expect(report.passed).toBe(false);
    const byRule = Object.fromEntries(report.failures.map((f) => [`${f.rule}:${f.column ?? ""}`, f]));
    expect(Object.keys(byRule).sort()).toEqual(
      [
        "unique:id",
        "not_null:email",
        "pattern:email",
        "min:age",
        "max:age",
        "allowed:tier",
        "column_missing:missing_col",
        "extra_columns:",
      ].sort(),
    );
    expect(byRule["unique:id"]).toMatchObject({
      count: 2,
      examples: [expect.objectContaining({ id: 2 }), expect.objectContaining({ id: 2 })],
    });
    expect(byRule["not_null:email"]).toMatchObject({ count: 1, examples: [expect.objectContaining({ id: 2, email: null })] });
    expect(byRule["pattern:email"]?.count).toBe(6);
    expect(byRule["pattern:email"]?.examples).toHaveLength(5);
    expect(byRule["min:age"]).toMatchObject({ count: 1, examples: [expect.objectContaining({ age: -3 })] });
    expect(byRule["max:age"]).toMatchObject({ count: 1, examples: [expect.objectContaining({ age: 150 })] });
    expect(byRule["allowed:tier"]?.count).toBe(5);
    expect(byRule["column_missing:missing_col"]?.message).toBe('column "missing_col" is missing; columns: id, email, age, tier, extra');
    expect(byRule["extra_columns:"]).toMatchObject({ count: 1, message: "unexpected columns: extra" });
  });

  it("reports wrong types, counting values that would not convert", async () => {
    const report = await validateTable(
      ws,
      "data",
      spec({
        kind: "schema",
        columns: [
          { name: "email", type: "number" },
          { name: "id", type: "string" },
        ],
      }),
    );
    expect(report.failures.map((f) => [f.rule, f.column, f.count])).toEqual([
      ["type", "email", 8],
      ["type", "id", 9],
    ]);
    expect(report.failures[0]?.message).toBe('column "email" is VARCHAR, expected number; 8 values do not convert');
  });

  it("turns a broken regular expression into a failure, not a crash", async () => {
    const report = await validateTable(ws, "data", spec({ kind: "schema", columns: [{ name: "email", pattern: "([a-z" }] }));
    expect(report.failures).toEqual([expect.objectContaining({ rule: "pattern_invalid", column: "email" })]);
  });

  it("passes a table that meets its schema", async () => {
    const report = await validateTable(
      ws,
      "data",
      spec({ kind: "schema", columns: [{ name: "id", type: "integer", nullable: false, min: 1 }] }),
    );
    expect(report).toEqual({ passed: true, kind: "schema", failures: [] });
  });
});

describe("info_dict validation", () => {
  it("checks statistics, and applies a column-less rule to every column", async () => {
    const report = await validateTable(
      ws,
      "data",
      spec({
        kind: "info_dict",
        rules: [
          { metric: "row_count", operator: "gte", value: 100 },
          { metric: "null_fraction", operator: "lte", value: 0.1 },
          { metric: "distinct_count", column: "tier", operator: "lte", value: 3 },
          { metric: "mean", column: "age", operator: "lt", value: 1000 },
          { metric: "max", column: "nope", operator: "lt", value: 1 },
        ],
      }),
    );
    expect(report.passed).toBe(false);
    expect(report.failures.map((f) => [f.rule, f.count])).toEqual([
      ["row_count ≥ 100", 1],
      ["null_fraction ≤ 0.1", 2],
      ["distinct_count ≤ 3", 1],
      ["max < 1", 1],
    ]);
    expect(report.failures[1]?.examples).toEqual([
      { metric: "null_fraction", column: "email", actual: 1 / 9 },
      { metric: "null_fraction", column: "age", actual: 1 / 9 },
    ]);
    expect(report.failures[3]?.message).toContain('column "nope" is missing');
  });
});

describe("functional validation", () => {
  it("runs a SQL assertion read-only, counting failing rows with examples", async () => {
    const report = await validateTable(
      ws,
      "data",
      spec({ kind: "functional", check: "sql", sql: "SELECT * FROM data WHERE age < 0 OR age > 120", description: "ages are plausible" }),
    );
    expect(report.failures).toEqual([
      {
        rule: "sql",
        message: "ages are plausible: 2 failing rows",
        count: 2,
        examples: [expect.objectContaining({ age: -3 }), expect.objectContaining({ age: 150 })],
      },
    ]);
    expect(
      (await validateTable(ws, "data", spec({ kind: "functional", check: "sql", sql: "SELECT * FROM data WHERE id < 0" }))).passed,
    ).toBe(true);
  });

  it("refuses anything but one SELECT", async () => {
    expect(ZValidationSpecSchema.safeParse({ kind: "functional", check: "sql", sql: "DELETE FROM data" }).success).toBe(false);
    const chained = await validateTable(ws, "data", { kind: "functional", check: "sql", sql: "SELECT 1; DROP TABLE data" });
    expect(chained.failures[0]?.rule).toBe("sql_rejected");
    const sneaky = await validateTable(ws, "data", { kind: "functional", check: "sql", sql: "WITH x AS (SELECT 1) DELETE FROM data" });
    expect(sneaky.failures[0]?.rule).toBe("sql_rejected");
    const [row] = await ws.rowsJS("SELECT count(*) AS n FROM data");
    expect(Number(row?.n)).toBe(9);
  });

  it("checks cosmo-ready fitness of a single table", async () => {
    await ws.run("CREATE TABLE pts AS SELECT * FROM (VALUES (1.0, 2.0, 'a'), (NULL, 1.0, 'b'), ('inf'::DOUBLE, 3.0, 'c')) t(x, y, name)");
    const report = await validateTable(ws, "pts", {
      kind: "functional",
      check: "cosmo-ready",
      mapping: { pointsXBy: "x", pointsYBy: "y" },
    });
    expect(report.failures).toEqual([expect.objectContaining({ rule: "positions_not_finite", column: "x", count: 2 })]);
    await ws.run("CREATE TABLE cities AS SELECT i * 1.5 AS lon, i * 2.5 AS lat, 'c' || i AS name FROM range(5) r(i)");
    expect(await validateTable(ws, "cities", { kind: "functional", check: "cosmo-ready" })).toEqual({
      passed: true,
      kind: "functional",
      check: "cosmo-ready",
      failures: [],
    });
    // Inferred from `data`: id/age are the numeric pair, and age has a NULL.
    const inferred = await validateTable(ws, "data", { kind: "functional", check: "cosmo-ready" });
    expect(inferred.failures).toEqual([expect.objectContaining({ rule: "positions_not_finite", column: "age", count: 1 })]);
    await ws.run("CREATE TABLE words AS SELECT * FROM (VALUES ('a', 'x')) t(w, v)");
    const text = await validateTable(ws, "words", { kind: "functional", check: "cosmo-ready" });
    expect(text.failures[0]).toMatchObject({ rule: "no_mapping" });
    expect(text.failures[0]?.message).toContain("columns seen: w (VARCHAR), v (VARCHAR)");
  });
});

describe("combinators", () => {
  const ok = { kind: "info_dict", rules: [{ metric: "row_count", operator: "gt", value: 0 }] };
  const bad = { kind: "info_dict", rules: [{ metric: "column_count", operator: "eq", value: 1 }] };
  it("all fails when any child fails and gathers every child's failures", async () => {
    const report = await validateTable(ws, "data", spec({ kind: "all", of: [ok, bad, bad] }));
    expect(report.passed).toBe(false);
    expect(report.failures).toHaveLength(2);
    expect(report.children?.map((c) => c.passed)).toEqual([true, false, false]);
  });
  it("any passes when one child passes", async () => {
    expect((await validateTable(ws, "data", spec({ kind: "any", of: [bad, ok] }))).passed).toBe(true);
    expect((await validateTable(ws, "data", spec({ kind: "any", of: [bad, bad] }))).failures).toHaveLength(2);
  });
});
