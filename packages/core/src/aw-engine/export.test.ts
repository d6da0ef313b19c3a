import fs from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FIXTURES } from "../../test/engine-test-kit.ts";
import { exportTable } from "./export.ts";
import { loadTable } from "./loading/load-table.ts";
import { sampleFile, sampleTable } from "./sample.ts";
import { Workspace } from "./workspace.ts";

let ws: Workspace;

beforeEach(async () => {
  ws = await Workspace.open({ memoryLimit: "256MB", threads: 1 });
});
afterEach(async () => {
  await ws.close();
});

describe("sampleTable", () => {
  it("returns JSON-safe rows: big integers, dates, timestamps, NaN and infinities", async () => {
    await ws.run(`CREATE TABLE t AS SELECT * FROM (VALUES
      (1, 9007199254740993::BIGINT, DATE '2024-02-29', TIMESTAMP '2024-02-29 13:45:01.5', 'NaN'::DOUBLE, '\\xAA\\xBB'::BLOB, [1, 2], {'k': 'v'}, 12.34::DECIMAL(6,2)),
      (2, 42::BIGINT, NULL, NULL, 'Infinity'::DOUBLE, NULL, NULL, NULL, NULL),
      (3, -9007199254740993::BIGINT, DATE '1970-01-01', TIMESTAMP '1970-01-01 00:00:00', '-Infinity'::DOUBLE, NULL, [], NULL, NULL)
    ) v(id, big, day, "at", x, raw, list, obj, money)`);
    const sample = await sampleTable(ws, "t", { limit: 10 });
    expect(sample.total).toBe(3);
    expect(sample.columns.map((c) => c.type)).toEqual([
      "INTEGER",
      "BIGINT",
      "DATE",
      "TIMESTAMP",
      "DOUBLE",
      "BLOB",
      "INTEGER[]",
      "STRUCT(k VARCHAR)",
      "DECIMAL(6,2)",
    ]);
    expect(sample.rows).toEqual([
      {
        id: 1,
        big: "9007199254740993",
        day: "2024-02-29",
        at: "2024-02-29T13:45:01.5",
        x: "NaN",
        raw: "base64:qrs=",
        list: [1, 2],
        obj: { k: "v" },
        money: 12.34,
      },
      { id: 2, big: 42, day: null, at: null, x: "Infinity", raw: null, list: null, obj: null, money: null },
      {
        id: 3,
        big: "-9007199254740993",
        day: "1970-01-01",
        at: "1970-01-01T00:00:00",
        x: "-Infinity",
        raw: null,
        list: [],
        obj: null,
        money: null,
      },
    ]);
    expect(JSON.parse(JSON.stringify(sample))).toEqual(sample);
  });

  it("pages with limit and offset", async () => {
    await ws.run("CREATE TABLE t AS SELECT range AS n FROM range(10)");
    const page = await sampleTable(ws, "t", { limit: 3, offset: 4 });
    expect(page.rows).toEqual([{ n: 4 }, { n: 5 }, { n: 6 }]);
    expect(page.total).toBe(10);
    expect((await sampleTable(ws, "t", { limit: 5, offset: 20 })).rows).toEqual([]);
  });

  it("samples a file through the loading agent", async () => {
    const sample = await sampleFile({ path: path.join(FIXTURES, "edges.csv"), filename: "edges.csv", memoryLimit: "256MB", limit: 2 });
    expect(sample).toEqual({
      columns: [
        { name: "source", type: "VARCHAR" },
        { name: "target", type: "VARCHAR" },
        { name: "weight", type: "DOUBLE" },
      ],
      rows: [
        { source: "paris", target: "london", weight: 1.2 },
        { source: "london", target: "berlin", weight: 0.8 },
      ],
      total: 5,
    });
  });
});

describe("exportTable", () => {
  beforeEach(async () => {
    await loadTable(ws, { path: path.join(FIXTURES, "plain.csv"), filename: "plain.csv" });
  });

  it.each([
    ["csv", "text/csv"],
    ["parquet", "application/vnd.apache.parquet"],
    ["json", "application/json"],
    ["jsonl", "application/x-ndjson"],
  ] as const)("round-trips %s through the loading agent", async (format, contentType) => {
    const file = ws.file(`out.${format}`);
    const result = await exportTable(ws, "data", { format, path: file });
    expect(result).toEqual({ path: file, format, contentType, sizeBytes: (await fs.stat(file)).size });
    expect(result.sizeBytes).toBeGreaterThan(0);
    const back = await loadTable(ws, { path: file, filename: `out.${format}`, table: "back" });
    expect(back.params.format).toBe(format);
    expect(back.tableInfo.rowCount).toBe(5);
    const diff = await ws.rowsJS(
      `SELECT count(*) AS n FROM (SELECT id, name, score, joined::VARCHAR FROM data EXCEPT SELECT id, name, score, joined::VARCHAR FROM back)`,
    );
    expect(diff).toEqual([{ n: 0n }]);
  });

  it("writes JSON as one array and JSONL as one record a line", async () => {
    await exportTable(ws, "data", { format: "json", path: ws.file("a.json") });
    const array: unknown = JSON.parse(await fs.readFile(ws.file("a.json"), "utf8"));
    expect(array).toHaveLength(5);
    expect((array as unknown[])[0]).toEqual({ id: 1, name: "Alice", score: 9.5, joined: "2024-01-15" });
    await exportTable(ws, "data", { format: "jsonl", path: ws.file("a.jsonl") });
    const lines = (await fs.readFile(ws.file("a.jsonl"), "utf8")).trim().split("\n");
    expect(lines.map((l) => (JSON.parse(l) as { id: unknown }).id)).toEqual([1, 2, 3, 4, 5]);
  });

  it("fails on a table that does not exist", async () => {
    await expect(exportTable(ws, "missing", { format: "csv", path: ws.file("x.csv") })).rejects.toThrow(/missing/);
  });
});
