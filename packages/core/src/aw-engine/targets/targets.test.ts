import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ZPreparingConfigSchema } from "../../schemas/workflow.ts";
import { prepareTable } from "../preparing/prepare-table.ts";
import { jsonRows, tableColumns } from "../sample.ts";
import { Workspace } from "../workspace.ts";

let ws: Workspace;
beforeEach(async () => {
  ws = await Workspace.open({ memoryLimit: "256MB", threads: 1 });
});
afterEach(async () => {
  await ws.close();
});

const types = async () => Object.fromEntries((await tableColumns(ws, "data")).map((c) => [c.name, c.type]));

describe("clean", () => {
  it("trims, reads null words as NULL, drops empty rows and columns, types text columns, and counts each change", async () => {
    await ws.run(`CREATE TABLE data AS SELECT * FROM (VALUES
      (' Ann ', '34', 'true', '2024-01-02', NULL, '02134'),
      ('Bob', 'NA', 'false', '2024-02-03', NULL, '10001'),
      ('', 'null', '', 'N/A', NULL, ''),
      ('Ann', '34', 'true', '2024-01-02', NULL, '02134'),
      ('Cid', '29.5', 'yes', '2024-03-04', NULL, '94105')
    ) t(name, age, member, joined, empty, zip)`);
    const result = await prepareTable(ws, "data", ZPreparingConfigSchema.parse({ target: "clean" }), { maxRetries: 0 });
    expect(result.success).toBe(true);
    expect(result.dropped).toEqual([{ column: "empty", reason: "entirely empty" }]);
    expect(await types()).toEqual({ name: "VARCHAR", age: "DOUBLE", member: "BOOLEAN", joined: "DATE", zip: "VARCHAR" });
    // The duplicate Ann stays: dedupe is never a default.
    expect(await jsonRows(ws, "SELECT * FROM data")).toEqual([
      { name: "Ann", age: 34, member: true, joined: "2024-01-02", zip: "02134" },
      { name: "Bob", age: null, member: false, joined: "2024-02-03", zip: "10001" },
      { name: "Ann", age: 34, member: true, joined: "2024-01-02", zip: "02134" },
      { name: "Cid", age: 29.5, member: true, joined: "2024-03-04", zip: "94105" },
    ]);
    expect(result.plan.some((op) => op.op === "dedupe")).toBe(false);
    const { ledger } = result;
    expect(ledger.rowsIn).toBe(5);
    expect(ledger.rowsOut).toBe(4);
    expect(ledger.removed).toEqual([
      { reason: "every value of the row empty", count: 1, examples: [{ name: null, age: null, member: null, joined: null, zip: null }] },
    ]);
    expect(ledger.columns.dropped).toEqual([{ column: "empty", reason: "entirely empty" }]);
    expect(ledger.columns.cast.map((c) => [c.column, c.from, c.to, c.failed])).toEqual([
      ["age", "VARCHAR", "DOUBLE", 0],
      ["member", "VARCHAR", "BOOLEAN", 0],
      ["joined", "VARCHAR", "DATE", 0],
    ]);
    const values = Object.fromEntries(ledger.values.map((v) => [`${v.column}:${v.change}`, v.count]));
    // null words: "NA", "null" (age), "" (name, member, zip), "N/A" (joined); one trimmed name; "34" → 34.0 and "yes" → true print anew.
    expect(values).toEqual({
      "name:null_word": 1,
      "name:trimmed": 1,
      "age:null_word": 2,
      "member:null_word": 1,
      "joined:null_word": 1,
      "zip:null_word": 1,
      "age:parsed": 2,
      "member:parsed": 1,
    });
    expect(ledger.values.find((v) => v.change === "trimmed")?.examples).toEqual([{ before: " Ann ", after: "Ann" }]);
  });

  it("removes duplicates only when asked, and counts them", async () => {
    await ws.run(`CREATE TABLE data AS SELECT * FROM (VALUES (1, 'a'), (1, 'a'), (2, 'b')) t(n, s)`);
    const result = await prepareTable(ws, "data", ZPreparingConfigSchema.parse({ target: "clean", dedupe: true }), { maxRetries: 0 });
    expect(result.ledger.removed).toEqual([
      { reason: "exact duplicate of an earlier row (dedupe asked for)", count: 1, examples: [{ n: 1, s: "a" }] },
    ]);
    expect(result.ledger.rowsOut).toBe(2);
  });
});

describe("ml-ready", () => {
  it("imputes, keeps numeric and small categorical columns, and reports what it dropped and why", async () => {
    await ws.run(`CREATE TABLE data AS SELECT
        i AS id,
        'user-' || i AS email,
        CASE WHEN i % 5 = 0 THEN NULL ELSE i * 2.0::DOUBLE END AS income,
        CASE WHEN i % 7 = 0 THEN NULL WHEN i % 2 = 0 THEN 'red' ELSE 'blue' END AS colour,
        'constant' AS source,
        DATE '2024-01-01' + i::INTEGER AS seen
      FROM range(1, 101) r(i)`);
    const result = await prepareTable(ws, "data", ZPreparingConfigSchema.parse({ target: "ml-ready" }), { maxRetries: 0 });
    expect(result.success).toBe(true);
    expect(Object.keys(await types())).toEqual(["income", "colour", "income_was_missing", "colour_was_missing"]);
    const dropped = Object.fromEntries(result.dropped.map((d) => [d.column, d.reason]));
    expect(dropped).toEqual({
      id: "ID-like: one distinct value per row",
      email: "ID-like high-cardinality text",
      source: "constant: a single distinct value",
      seen: "DATE is neither numeric nor categorical",
    });
    const [nulls] = await jsonRows(
      ws,
      "SELECT count(*) FILTER (WHERE income IS NULL) AS a, count(*) FILTER (WHERE colour IS NULL) AS b FROM data",
    );
    expect(nulls).toEqual({ a: 0, b: 0 });
    const [median] = await jsonRows(ws, "SELECT income FROM data LIMIT 1 OFFSET 4");
    expect(median?.income).toBe(100); // median of the non-NULL incomes (2, 4, … 198 without multiples of 10)
    const [flags] = await jsonRows(
      ws,
      "SELECT count(*) FILTER (WHERE income_was_missing) AS a, count(*) FILTER (WHERE colour_was_missing) AS b FROM data",
    );
    expect(flags).toEqual({ a: 20, b: 14 });
    const imputed = result.ledger.values.filter((v) => v.change === "imputed").map((v) => [v.column, v.count]);
    expect(imputed).toEqual([
      ["income", 20],
      ["colour", 14],
    ]);
    expect(result.ledger.columns.added.map((c) => c.column)).toEqual(["income_was_missing", "colour_was_missing"]);
    expect(result.ledger.columns.dropped.find((d) => d.column === "email")?.reason).toBe("ID-like high-cardinality text");
  });

  it("drops columns over the NULL threshold instead of inventing most of their values", async () => {
    const create = () =>
      ws.run(`CREATE OR REPLACE TABLE data AS SELECT
        i % 10 AS score,
        CASE WHEN i % 10 < 8 THEN NULL ELSE i END AS sparse,
        CASE WHEN i % 10 < 3 THEN NULL ELSE i END AS gappy
      FROM range(100) r(i)`);
    await create();
    const result = await prepareTable(ws, "data", ZPreparingConfigSchema.parse({ target: "ml-ready" }), { maxRetries: 0 });
    expect(result.success).toBe(true);
    expect(result.ledger.columns.dropped).toEqual([{ column: "sparse", reason: "80% NULL, above the 50% threshold: too empty to impute" }]);
    expect(Object.keys(await types())).toEqual(["score", "gappy", "gappy_was_missing"]);
    await create();
    const strict = await prepareTable(ws, "data", ZPreparingConfigSchema.parse({ target: "ml-ready", maxNullShare: 0.25 }), {
      maxRetries: 0,
    });
    expect(strict.ledger.columns.dropped.map((d) => d.column)).toEqual(["sparse", "gappy"]);
  });

  it("fails with the columns it saw when nothing is usable", async () => {
    await ws.run(`CREATE TABLE data AS SELECT 'k' || i AS key FROM range(10) r(i)`);
    const result = await prepareTable(ws, "data", ZPreparingConfigSchema.parse({ target: "ml-ready" }), { maxRetries: 2 });
    expect(result.success).toBe(false);
    expect(result.error).toBe("cannot make ml-ready: no numeric or low-cardinality categorical column; columns seen: key (VARCHAR)");
  });
});

describe("plot-ready", () => {
  it("types date text as dates and folds rare categories into Other", async () => {
    await ws.run(`CREATE TABLE data AS SELECT
        strftime(DATE '2024-01-01' + i::INTEGER, '%Y-%m-%d') AS day,
        'shop' || (i % 30) AS shop,
        i * 1.5 AS sales
      FROM range(300) r(i)`);
    const result = await prepareTable(ws, "data", ZPreparingConfigSchema.parse({ target: "plot-ready" }), { maxRetries: 0 });
    expect(result.success).toBe(true);
    expect(await types()).toMatchObject({ day: "DATE", shop: "VARCHAR" });
    const [shops] = await jsonRows(ws, "SELECT count(DISTINCT shop) AS n, count(*) FILTER (WHERE shop = 'Other') AS other FROM data");
    expect(shops).toEqual({ n: 20, other: 110 });
  });

  it("folds categories of a column named like the aliases of its frequency query", async () => {
    await ws.run(`CREATE TABLE data AS SELECT 'shop' || (i % 30) AS v, i % 7 AS n, i * 1.5 AS sales FROM range(300) r(i)`);
    const result = await prepareTable(ws, "data", ZPreparingConfigSchema.parse({ target: "plot-ready" }), { maxRetries: 0 });
    expect(result.success).toBe(true);
    const [shops] = await jsonRows(ws, "SELECT count(DISTINCT v) AS d, count(*) FILTER (WHERE v = 'Other') AS other FROM data");
    expect(shops).toEqual({ d: 20, other: 110 });
  });

  it("never buckets dates, identifiers or label-like text, only categories, and counts what it bucketed", async () => {
    await ws.run(`CREATE TABLE data AS SELECT
        strftime(DATE '2000-01-01' + (i % 400)::INTEGER, '%b %-d %Y') AS shown,
        'car ' || (i % 300) AS Name,
        'shop' || (i % 30) AS shop,
        i * 1.5 AS sales
      FROM range(600) r(i)`);
    const result = await prepareTable(ws, "data", ZPreparingConfigSchema.parse({ target: "plot-ready" }), { maxRetries: 0 });
    expect(result.success).toBe(true);
    const [counts] = await jsonRows(
      ws,
      "SELECT count(DISTINCT shown) AS dates, count(DISTINCT Name) AS names, count(DISTINCT shop) AS shops FROM data",
    );
    expect(counts).toEqual({ dates: 400, names: 300, shops: 20 });
    expect(result.ledger.values.map((v) => [v.column, v.change])).toEqual([["shop", "bucketed"]]);
    expect(result.ledger.values[0]?.count).toBe(600 - 19 * 20);
    expect(result.notes).toContain("Name: 300 distinct values kept whole (labels or identifiers, not categories)");
  });

  it("needs a numeric column", async () => {
    await ws.run(`CREATE TABLE data AS SELECT * FROM (VALUES ('a', 'b')) t(x, y)`);
    const result = await prepareTable(ws, "data", ZPreparingConfigSchema.parse({ target: "plot-ready" }), { maxRetries: 0 });
    expect(result.error).toBe("cannot make plot-ready: no numeric column to plot; columns seen: x (VARCHAR), y (VARCHAR)");
  });
});

describe("custom", () => {
  it("runs the given operations and records the SQL", async () => {
    await ws.run(`CREATE TABLE data AS SELECT * FROM (VALUES (3, 'c'), (1, 'a'), (2, NULL)) t(n, s)`);
    const config = ZPreparingConfigSchema.parse({
      target: "custom",
      operations: [
        { op: "fill_nulls", columns: ["s"], strategy: "constant", value: "?" },
        { op: "sort", by: [{ column: "n" }] },
        { op: "rename", mapping: { s: "letter" } },
      ],
    });
    const result = await prepareTable(ws, "data", config, { maxRetries: 0 });
    expect(result.success).toBe(true);
    expect(result.plan).toHaveLength(3);
    expect(await jsonRows(ws, "SELECT * FROM data")).toEqual([
      { n: 1, letter: "a" },
      { n: 2, letter: "?" },
      { n: 3, letter: "c" },
    ]);
  });

  it("fails once (no pointless retries) on an unknown column, keeping the table", async () => {
    await ws.run(`CREATE TABLE data AS SELECT 1 AS n`);
    const config = ZPreparingConfigSchema.parse({ target: "custom", operations: [{ op: "select", columns: ["m"] }] });
    const result = await prepareTable(ws, "data", config, { maxRetries: 3 });
    expect(result.success).toBe(false);
    expect(result.attempts).toHaveLength(1);
    expect(result.error).toBe('operation 1 (select): unknown column "m"; available columns: n');
    expect(await jsonRows(ws, "SELECT * FROM data")).toEqual([{ n: 1 }]);
  });

  it("stops retrying a derive that DuckDB rejects when the revision is the same plan", async () => {
    await ws.run(`CREATE TABLE data AS SELECT 1 AS n`);
    const config = ZPreparingConfigSchema.parse({
      target: "custom",
      operations: [{ op: "derive", column: "m", expression: "no_such_fn(n)" }],
    });
    const result = await prepareTable(ws, "data", config, { maxRetries: 3 });
    expect(result.success).toBe(false);
    expect(result.error).toMatch(/no_such_fn/);
    expect(result.attempts.length).toBeLessThanOrEqual(2);
  });
});
