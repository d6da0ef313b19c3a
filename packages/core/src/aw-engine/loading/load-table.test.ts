import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import iconv from "iconv-lite";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FIXTURES } from "../../../test/engine-test-kit.ts";
import { Workspace } from "../workspace.ts";
import { loadTable } from "./load-table.ts";
import { LoadError, type TLoadingOptions, type TLoadResult } from "./types.ts";

let ws: Workspace;
let tmp: string;

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), "aw-load-test-"));
});
afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});
beforeEach(async () => {
  ws = await Workspace.open({ memoryLimit: "256MB", threads: 1 });
});
afterEach(async () => {
  await ws.close();
});

const load = (name: string, options?: TLoadingOptions, file = path.join(FIXTURES, name)) =>
  loadTable(ws, { path: file, filename: name, options });
const types = (r: TLoadResult) => Object.fromEntries(r.tableInfo.columns.map((c) => [c.name, c.type]));
const rows = (sql: string) => ws.rowsJS(sql);

async function loadError(promise: Promise<unknown>): Promise<LoadError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LoadError);
  return error as LoadError;
}

describe("loading agent: delimited text", () => {
  it("reads a plain CSV with inferred types and reports the parameters used", async () => {
    const r = await load("plain.csv");
    expect(r.success).toBe(true);
    expect(types(r)).toEqual({ id: "BIGINT", name: "VARCHAR", score: "DOUBLE", joined: "DATE" });
    expect(r.tableInfo).toMatchObject({ table: "data", rowCount: 5, columnCount: 4 });
    expect(r.params).toMatchObject({ format: "csv", delimiter: ",", header: true, encoding: "utf-8", compression: "none" });
    expect(r.fileInfo).toMatchObject({ extension: "csv", detectedFormat: "csv", sizeBytes: 127 });
    expect(r.numAttempts).toBe(1);
    expect(r.attempts).toEqual([{ attempt: 1, step: "loading", success: true, params: r.params }]);
    expect(await rows("SELECT count(*) AS n FROM data WHERE score IS NULL")).toEqual([{ n: 1n }]);
  });

  it.each([
    ["semicolon.csv", ";", { id: "BIGINT", product: "VARCHAR", price: "DOUBLE", stock: "BIGINT" }],
    ["tab.tsv", "\t", { id: "BIGINT", color: "VARCHAR", size: "BIGINT" }],
    ["tab.txt", "\t", { year: "BIGINT", city: "VARCHAR", visitors: "BIGINT" }],
    ["pipe.csv", "|", { code: "VARCHAR", label: "VARCHAR", amount: "BIGINT" }],
  ])("sniffs the delimiter of %s", async (name, delimiter, expected) => {
    const r = await load(name);
    expect(r.params.delimiter).toBe(delimiter);
    expect(types(r)).toEqual(expected);
    expect(r.numAttempts).toBe(1);
  });

  it("reads decimal commas in semicolon files as numbers", async () => {
    const r = await load("semicolon.csv");
    expect(r.params.decimalSeparator).toBe(",");
    expect(await rows("SELECT price FROM data ORDER BY id")).toEqual([{ price: 2.5 }, { price: 13.99 }, { price: 7 }, { price: 1.25 }]);
  });

  it("keeps commas inside fields of a tab-delimited .txt", async () => {
    await load("tab.txt");
    expect(await rows("SELECT city FROM data ORDER BY year")).toEqual([
      { city: "Paris, France" },
      { city: "Rome, Italy" },
      { city: "Oslo" },
    ]);
  });

  it("keeps newlines inside quoted fields", async () => {
    const r = await load("quoted-newlines.csv");
    expect(r.tableInfo.rowCount).toBe(3);
    expect(await rows("SELECT comment FROM data WHERE id = 2")).toEqual([{ comment: 'Says "hello"\nand\ngoodbye' }]);
  });

  it("reads stray quotes as text without dropping rows", async () => {
    const r = await load("bad-quotes.csv");
    expect(r.tableInfo.rowCount).toBe(4);
    expect(await rows("SELECT title FROM data WHERE id = 4")).toEqual([{ title: 'Another "quoted" word' }]);
  });

  it("relaxes strict mode after a read that lost rows to unescaped quotes", async () => {
    const r = await load("stray-quotes.csv");
    expect(r.numAttempts).toBe(2);
    expect(r.attempts[0]?.error).toMatch(/rows were dropped/);
    expect(r.params).toMatchObject({ strictMode: false, header: true });
    expect(r.warnings[0]).toMatch(/relax strict mode/);
    expect(await rows("SELECT title FROM data ORDER BY id")).toEqual([
      { title: "Good" },
      { title: 'Bad "quote" inside' },
      { title: "Fine" },
      { title: "Also, fine" },
    ]);
  });

  it("reads an edge list, a table with coordinates and a text-only table", async () => {
    expect(types(await load("edges.csv"))).toEqual({ source: "VARCHAR", target: "VARCHAR", weight: "DOUBLE" });
    await ws.run("DROP TABLE data");
    const cities = await load("cities.csv");
    expect(types(cities)).toMatchObject({ latitude: "DOUBLE", longitude: "DOUBLE", population: "BIGINT" });
    expect(cities.tableInfo.rowCount).toBe(6);
    await ws.run("DROP TABLE data");
    const text = await load("text-only.csv");
    expect(Object.values(types(text))).toEqual(["VARCHAR", "VARCHAR", "VARCHAR"]);
    expect(text.params.header).toBe(true);
  });

  it("reads gzip-compressed CSV by its magic bytes", async () => {
    const r = await load("plain.csv.gz");
    expect(r.params).toMatchObject({ format: "csv", compression: "gzip", delimiter: "," });
    expect(r.fileInfo.extension).toBe("csv");
    expect(types(r)).toEqual({ id: "BIGINT", name: "VARCHAR", score: "DOUBLE", joined: "DATE" });
    // Temp upload names carry no extension: the content alone decides.
    const anonymous = await loadTable(ws, { path: path.join(FIXTURES, "plain.csv.gz"), filename: "upload-123", table: "anon" });
    expect(anonymous.params.compression).toBe("gzip");
    expect(anonymous.tableInfo.rowCount).toBe(5);
  });

  it("pads ragged rows after a failed first attempt and reports how many", async () => {
    const r = await load("ragged.csv");
    expect(r.numAttempts).toBe(2);
    expect(r.attempts[0]).toMatchObject({ attempt: 1, success: false });
    expect(r.attempts[0]?.error).toMatch(/rows were dropped/);
    expect(r.params).toMatchObject({ nullPadding: true, ignoreErrors: true, header: true });
    expect(r.tableInfo.rowCount).toBe(6);
    expect(r.warnings).toContain("padded 2 short rows with NULLs");
    expect(r.warnings.some((w) => w.startsWith("1 row had more fields than the header"))).toBe(true);
    expect(await rows("SELECT a, b, c FROM data WHERE a = 9")).toEqual([{ a: 9n, b: null, c: null }]);
  });

  it("retries with another delimiter when an explicit one yields a single column", async () => {
    const r = await load("semicolon.csv", { delimiter: "," });
    expect(r.attempts[0]).toMatchObject({ success: false, params: { delimiter: "," } });
    expect(r.attempts[0]?.error).toMatch(/uneven columns|one column/);
    expect(r.params.delimiter).toBe(";");
    expect(r.tableInfo.columnCount).toBe(4);
  });

  it("infers types from the whole file when a late value breaks the sniffed type", async () => {
    const file = path.join(tmp, "late-text.csv");
    const body = Array.from({ length: 30_000 }, (_, i) => `${i},${i % 7}`).join("\n");
    await fs.writeFile(file, `id,code\n${body}\n30000,n/a\n`);
    const r = await load("late-text.csv", {}, file);
    expect(r.attempts[0]?.error).toMatch(/Could not convert/i);
    expect(r.params.sampleSize).toBe(-1);
    expect(types(r)).toEqual({ id: "BIGINT", code: "VARCHAR" });
    expect(r.tableInfo.rowCount).toBe(30_001);
  });

  it("honours explicit header=false and skipRows", async () => {
    const r = await load("plain.csv", { header: false, skipRows: 1 });
    expect(r.params).toMatchObject({ header: false, skipRows: 1 });
    expect(r.tableInfo.rowCount).toBe(5);
    expect(r.tableInfo.columns.map((c) => c.name)).toEqual(["column0", "column1", "column2", "column3"]);
  });

  it("finds that a file has no header and reports header=false, however many columns it has", async () => {
    const narrow = path.join(tmp, "narrow.csv");
    await fs.writeFile(narrow, "1,alpha,0.5\n2,beta,1.5\n3,gamma,2.5\n");
    const r = await load("narrow.csv", undefined, narrow);
    expect(r.params.header).toBe(false);
    expect(r.tableInfo).toMatchObject({ rowCount: 3, columnCount: 3 });
    const wide = path.join(tmp, "wide.csv");
    await fs.writeFile(wide, [0, 1, 2].map((row) => Array.from({ length: 12 }, (_, i) => row * 100 + i).join(",")).join("\n"));
    const w = await load("wide.csv", undefined, wide);
    expect(w.params.header).toBe(false);
    expect(w.tableInfo).toMatchObject({ rowCount: 3, columnCount: 12 });
    // A header row of text over numbers is a header.
    const named = path.join(tmp, "named.csv");
    await fs.writeFile(named, "column0,column1\n1,2\n3,4\n");
    expect((await load("named.csv", undefined, named)).params.header).toBe(true);
  });

  it("makes blank and duplicate header names unique and non-empty", async () => {
    const file = path.join(tmp, "names.csv");
    await fs.writeFile(file, "x,,x,X\n1,2,3,4\n5,6,7,8\n");
    const r = await load("names.csv", {}, file);
    const names = r.tableInfo.columns.map((c) => c.name);
    expect(names.every((n) => n.trim() !== "")).toBe(true);
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(4);
  });
});

describe("loading agent: encodings", () => {
  const accented = [
    { name: "José", city: "Málaga", note: "café" },
    { name: "François", city: "Zürich", note: "crème brûlée" },
    { name: "Åsa", city: "Ærøskøbing", note: "smørrebrød" },
  ];

  it.each([
    ["latin1.csv", "latin1"],
    ["utf16le-bom.csv", "utf-16le"],
    ["utf8-bom.csv", "utf-8"],
  ])("decodes %s as %s", async (name, encoding) => {
    const r = await load(name);
    expect(r.params.encoding).toBe(encoding);
    expect(r.fileInfo.encoding).toBe(encoding);
    expect(r.tableInfo.columns.map((c) => c.name)).toEqual(["name", "city", "note"]);
    expect(await rows("SELECT * FROM data")).toEqual(accented);
  });

  it("decodes UTF-16 BE with a BOM and gzip-compressed JSON", async () => {
    const utf16 = path.join(tmp, "be.csv");
    await fs.writeFile(utf16, iconv.encode("name,city,note\nJosé,Málaga,café\n", "utf-16be", { addBOM: true }));
    const r = await load("be.csv", {}, utf16);
    expect(r.params.encoding).toBe("utf-16be");
    expect(await rows("SELECT * FROM data")).toEqual([accented[0]]);
    await ws.run("DROP TABLE data");
    const gz = path.join(tmp, "records.json.gz");
    await fs.writeFile(gz, zlib.gzipSync(await fs.readFile(path.join(FIXTURES, "records.json"))));
    const json = await load("records.json.gz", {}, gz);
    expect(json.params).toMatchObject({ format: "json", compression: "gzip" });
    expect(json.fileInfo.extension).toBe("json");
    expect(json.tableInfo.rowCount).toBe(3);
  });

  it("transcodes after a failed UTF-8 attempt when non-UTF-8 bytes come late in the file", async () => {
    const r = await load("latin1-late.csv");
    expect(r.numAttempts).toBe(2);
    expect(r.attempts[0]).toMatchObject({ success: false, params: { encoding: "utf-8" } });
    expect(r.attempts[0]?.error).toMatch(/invalid unicode/i);
    expect(r.params.encoding).toBe("windows-1252");
    expect(await rows("SELECT label FROM data WHERE id >= 4500 ORDER BY id")).toEqual([
      { label: "Crème brûlée €5" },
      { label: "Smørrebrød" },
    ]);
  });

  it("retries when an explicit encoding is wrong", async () => {
    const r = await load("latin1.csv", { encoding: "utf-8" });
    expect(r.attempts[0]).toMatchObject({ success: false, params: { encoding: "utf-8" } });
    expect(r.params.encoding).not.toBe("utf-8");
    expect(await rows("SELECT city FROM data WHERE name = 'José'")).toEqual([{ city: "Málaga" }]);
  });
});

describe("loading agent: JSON, Parquet, XLSX", () => {
  it("reads a JSON array of records", async () => {
    const r = await load("records.json");
    expect(r.params.format).toBe("json");
    expect(types(r)).toEqual({ id: "BIGINT", name: "VARCHAR", active: "BOOLEAN", tags: "VARCHAR[]" });
    expect(r.tableInfo.rowCount).toBe(3);
  });

  it("reads NDJSON", async () => {
    const r = await load("records.jsonl");
    expect(r.params.format).toBe("jsonl");
    expect(types(r)).toEqual({ ts: "TIMESTAMP", event: "VARCHAR", user: "BIGINT" });
    expect(r.tableInfo.rowCount).toBe(4);
  });

  it("picks the largest record array of a {nodes, links} object and says why", async () => {
    const r = await load("graph.json");
    expect(r.params.jsonPath).toBe("nodes");
    expect(r.params.jsonPathReason).toBe("largest array: nodes (6), links (5)");
    expect(types(r)).toEqual({ id: "VARCHAR", label: "VARCHAR", group: "BIGINT" });
  });

  it("reads the array named by jsonPath", async () => {
    const r = await load("graph.json", { jsonPath: "links" });
    expect(r.params.jsonPath).toBe("links");
    expect(r.params.jsonPathReason).toBeUndefined();
    expect(types(r)).toEqual({ source: "VARCHAR", target: "VARCHAR", value: "DOUBLE" });
    expect(r.tableInfo.rowCount).toBe(5);
  });

  it("fails clearly on a jsonPath that does not exist, without pointless retries", async () => {
    const error = await loadError(load("graph.json", { jsonPath: "edges" }));
    expect(error.message).toMatch(/jsonPath "edges" not found; top-level keys: nodes, links/);
    expect(error.attempts).toHaveLength(1);
  });

  it("reads NDJSON saved as .json after the array reading fails", async () => {
    const file = path.join(tmp, "events.json");
    await fs.writeFile(file, '{"a": 1}\n{"a": 2}\n{"a": 3}\n');
    const r = await load("events.json", { format: "json" }, file);
    expect(r.tableInfo.rowCount).toBe(3);
    expect(r.params.format === "jsonl" || r.numAttempts === 1).toBe(true);
  });

  it("reads Parquet, by magic bytes even under a wrong extension", async () => {
    const r = await load("table.parquet");
    expect(r.params).toMatchObject({ format: "parquet", encoding: "utf-8" });
    expect(types(r)).toEqual({ id: "BIGINT", label: "VARCHAR", value: "DECIMAL(21,1)", day: "DATE" });
    await ws.run("DROP TABLE data");
    const renamed = await loadTable(ws, { path: path.join(FIXTURES, "table.parquet"), filename: "table.csv" });
    expect(renamed.params.format).toBe("parquet");
    expect(renamed.tableInfo.rowCount).toBe(10);
  });

  it("reads the first XLSX sheet with data, or the one asked for", async () => {
    const r = await load("workbook.xlsx");
    expect(r.params).toMatchObject({ format: "xlsx", sheet: "People" });
    expect(types(r)).toEqual({ name: "VARCHAR", age: "BIGINT", born: "DATE" });
    expect(r.warnings[0]).toMatch(/read sheet "People" of 3 \(Cover, People, Sales\)/);
    await ws.run("DROP TABLE data");
    const sales = await load("workbook.xlsx", { sheet: "Sales" });
    expect(sales.params.sheet).toBe("Sales");
    expect(await rows("SELECT * FROM data ORDER BY region")).toEqual([
      { region: "north", amount: 120.5, note: "first, quarter" },
      { region: "south", amount: 80, note: null },
    ]);
  });

  it("names the sheets when the requested one is missing", async () => {
    const error = await loadError(load("workbook.xlsx", { sheet: "Nope" }));
    expect(error.message).toMatch(/sheet "Nope" not found \(sheets: Cover, People, Sales\)/);
  });
});

describe("loading agent: unreadable input", () => {
  it("says the file is empty", async () => {
    const error = await loadError(load("empty.csv"));
    expect(error.message).toBe('could not load "empty.csv": file is empty');
    expect(error.attempts).toEqual([]);
  });

  it("names the attempts made on binary garbage", async () => {
    const error = await loadError(load("garbage.bin"));
    expect(error.message).toMatch(/the content is binary .* match no supported format/);
    expect(error.message).toMatch(/Attempts: #1 \(csv, .*\): the content looks binary/);
    expect(error.attempts.length).toBeGreaterThanOrEqual(1);
    expect(error.attempts.every((a) => a.success === false && a.error)).toBe(true);
  });

  it("stops at maxAttempts and reports every attempt", async () => {
    const error = await loadError(loadTable(ws, { path: path.join(FIXTURES, "ragged.csv"), filename: "ragged.csv", maxAttempts: 1 }));
    expect(error.attempts).toHaveLength(1);
    expect(error.message).toMatch(/gave up after 1 attempts. Attempts: #1/);
    expect(await rows("SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = 'data'")).toEqual([{ n: 0n }]);
  });
});

describe("loading agent: decimal commas and the change ledger", () => {
  it("keeps '.' numbers when a semicolon file has one decimal comma, and names the value that stays text", async () => {
    const r = await load("decimal-thin.csv", {}, path.join(FIXTURES, "loading", "decimal-thin.csv"));
    expect(r.params.decimalSeparator).toBeUndefined();
    expect(types(r)).toMatchObject({ price: "VARCHAR", weight: "DOUBLE" });
    expect(r.warnings).toContain(
      'column "price" stays text: 1 of 4 values use a decimal comma (e.g. "1,05") and do not parse as numbers with "." decimals',
    );
  });

  it("reads decimal commas when several values use them and none a point", async () => {
    const r = await load("decimal-comma.csv", {}, path.join(FIXTURES, "loading", "decimal-comma.csv"));
    expect(r.params.decimalSeparator).toBe(",");
    expect(await rows("SELECT price FROM data ORDER BY id")).toEqual([{ price: 0.5 }, { price: 1.05 }, { price: 2.75 }]);
  });

  it("ledgers rows skipped as unparseable so that rows in − removed = rows out", async () => {
    // A short row makes the agent skip unparseable rows; text late in an integer column is one.
    const file = path.join(tmp, "broken.csv");
    await fs.writeFile(file, `a,b,c\n1,2\n${Array.from({ length: 30_000 }, (_, i) => `${i},${i},${i}`).join("\n")}\nx,1,1\n`);
    const r = await load("broken.csv", {}, file);
    expect(r.params.ignoreErrors).toBe(true);
    expect(r.ledger.removed).toEqual([{ reason: "could not be parsed", count: 1, examples: [{ line: 30_003, text: "x,1,1" }] }]);
    expect(r.ledger.rowsIn).toBe(30_002);
    const removed = r.ledger.removed.reduce((sum, e) => sum + e.count, 0);
    expect(r.ledger.rowsIn - removed).toBe(r.ledger.rowsOut);
    expect(r.ledger.rowsOut).toBe(r.tableInfo.rowCount);
    expect(r.ledger.rowsOut).toBe(await rows("SELECT count(*) AS n FROM data").then(([row]) => Number(row?.n)));
    expect(r.ledger.removed.every((e) => e.reason === "could not be parsed")).toBe(true);
  });

  it("ledgers renamed headers and leaves a clean file's ledger empty", async () => {
    const file = path.join(tmp, "renamed.csv");
    await fs.writeFile(file, "x,,x\n1,2,3\n");
    const r = await load("renamed.csv", {}, file);
    expect(r.ledger.columns.renamed).toEqual([
      { from: "", to: "column1", reason: "empty or duplicate header" },
      { from: "x", to: "x_1", reason: "empty or duplicate header" },
    ]);
    const clean = await loadTable(ws, { path: path.join(FIXTURES, "edges.csv"), filename: "edges.csv", table: "edges" });
    expect(clean.ledger).toEqual({
      rowsIn: clean.tableInfo.rowCount,
      rowsOut: clean.tableInfo.rowCount,
      removed: [],
      columns: { added: [], dropped: [], renamed: [], cast: [] },
      values: [],
    });
  });
});
