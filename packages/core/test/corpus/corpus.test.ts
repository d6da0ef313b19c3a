// Runs the engine's public functions on real public files and compares with expectations.ts.
// Each test lists every mismatch it found, so one run tells the whole story of a file.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, assert, beforeEach, describe, it } from "vitest";
import { loadTable } from "../../src/aw-engine/loading/load-table.ts";
import type { TLoadResult } from "../../src/aw-engine/loading/types.ts";
import { prepareTable } from "../../src/aw-engine/preparing/prepare-table.ts";
import { tableColumns } from "../../src/aw-engine/sample.ts";
import { ident, literal, Workspace } from "../../src/aw-engine/workspace.ts";
import { ZPreparingConfigSchema } from "../../src/schemas/workflow.ts";
import {
  CORPUS,
  type TColumnExpectation,
  type TCorpusEntry,
  type TKind,
  type TMappingKey,
  type TTargetExpectation,
} from "./expectations.ts";

const CORE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const TABLE = "data";
const NULL_REASON = /null|missing|empty/i;

const KIND_PATTERNS: Record<TKind, RegExp> = {
  integer: /^U?(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT)$/,
  number: /^(FLOAT|DOUBLE|DECIMAL\(\d+,\d+\))$/,
  string: /^VARCHAR$/,
  date: /^DATE$/,
  timestamp: /^TIMESTAMP( WITH TIME ZONE|_S|_MS|_NS)?$/,
  boolean: /^BOOLEAN$/,
};

type TCategory = "loads" | "errors" | "mappings" | "targets";
const score: Record<TCategory, { passed: number; total: number; failed: string[] }> = {
  loads: { passed: 0, total: 0, failed: [] },
  errors: { passed: 0, total: 0, failed: [] },
  mappings: { passed: 0, total: 0, failed: [] },
  targets: { passed: 0, total: 0, failed: [] },
};

/** Counts the test in the score, then fails it with every mismatch found. */
function settle(category: TCategory, label: string, mismatches: string[]) {
  score[category].total++;
  if (mismatches.length === 0) score[category].passed++;
  else score[category].failed.push(label);
  if (mismatches.length) assert.fail(`${label}:\n  ${mismatches.join("\n  ")}`);
}

let ws: Workspace;
beforeEach(async () => {
  ws = await Workspace.open({ memoryLimit: "256MB", threads: 1 });
});
afterEach(async () => {
  await ws.close();
});
afterAll(() => {
  const line = (c: TCategory) =>
    `${c} ${score[c].passed}/${score[c].total}${score[c].failed.length ? ` (failing: ${score[c].failed.join(", ")})` : ""}`;
  console.log(
    `Real-data corpus score (${CORPUS.length} entries):\n  ${(["loads", "errors", "mappings", "targets"] as const).map(line).join("\n  ")}`,
  );
});

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

async function load(entry: TCorpusEntry): Promise<TLoadResult> {
  const file = path.join(CORE, "node_modules", entry.pkg, entry.file);
  return loadTable(ws, {
    path: file,
    filename: path.basename(entry.file),
    options: entry.jsonPath ? { jsonPath: entry.jsonPath } : undefined,
    table: TABLE,
  });
}

async function one(sql: string): Promise<number> {
  const [row] = await ws.rowsJS(sql);
  return Number(Object.values(row ?? {})[0]);
}

async function columnTypes(): Promise<Map<string, string>> {
  return new Map((await tableColumns(ws, TABLE)).map((c) => [c.name, c.type]));
}

/** Differences between a loaded (or prepared) column and what the raw file says it holds. */
async function checkColumn(name: string, expected: TColumnExpectation, types: Map<string, string>): Promise<string[]> {
  const type = types.get(name);
  if (type === undefined) return [`column ${JSON.stringify(name)} is missing (columns: ${[...types.keys()].join(", ")})`];
  const col = ident(name);
  const out: string[] = [];
  if (!KIND_PATTERNS[expected.kind].test(type)) out.push(`${name}: expected ${expected.kind}, got ${type}`);
  if (expected.unique) {
    const dupes = await one(`SELECT count(${col}) - count(DISTINCT ${col}) FROM ${TABLE}`);
    if (dupes !== 0) out.push(`${name}: expected unique values, ${dupes} repeat`);
  }
  if (expected.nulls !== undefined) {
    const nulls = await one(`SELECT count(*) - count(${col}) FROM ${TABLE}`);
    if (nulls !== expected.nulls) out.push(`${name}: expected ${expected.nulls} nulls, got ${nulls}`);
  }
  for (const value of expected.hasValues ?? []) {
    if ((await one(`SELECT count(*) FROM ${TABLE} WHERE CAST(${col} AS VARCHAR) = ${literal(value)}`)) === 0)
      out.push(`${name}: value ${JSON.stringify(value)} not found as written`);
  }
  if (expected.kind === "string" && type === "VARCHAR") {
    const quoted = await one(`SELECT count(*) FROM ${TABLE} WHERE ${col} LIKE '"%"'`);
    if (quoted > 0) out.push(`${name}: ${quoted} values are JSON-quoted`);
  }
  return out;
}

async function checkLoad(entry: TCorpusEntry): Promise<string[]> {
  const expected = entry.load;
  let result: TLoadResult;
  try {
    result = await load(entry);
  } catch (error) {
    if ("error" in expected)
      return message(error).includes(expected.error)
        ? []
        : [`expected an error containing ${JSON.stringify(expected.error)}, got: ${message(error).slice(0, 400)}`];
    return [`load failed: ${message(error).slice(0, 400)}`];
  }
  if ("error" in expected)
    return [
      `expected an error containing ${JSON.stringify(expected.error)}, but it loaded ${result.tableInfo.rowCount} rows × ${result.tableInfo.columnCount} columns (${result.tableInfo.columns
        .map((c) => `${c.name} ${c.type}`)
        .join(", ")
        .slice(0, 300)})`,
    ];
  const out: string[] = [];
  const rows = await one(`SELECT count(*) FROM ${TABLE}`);
  if (rows !== expected.rowCount) out.push(`expected ${expected.rowCount} rows, got ${rows}`);
  if (result.tableInfo.rowCount !== rows) out.push(`tableInfo.rowCount says ${result.tableInfo.rowCount}, the table holds ${rows}`);
  const types = await columnTypes();
  const count = expected.columnCount;
  if (typeof count === "number" ? types.size !== count : types.size < count.min)
    out.push(`expected ${typeof count === "number" ? count : `at least ${count.min}`} columns, got ${types.size}`);
  for (const [name, column] of Object.entries(expected.columns)) out.push(...(await checkColumn(name, column, types)));
  return out;
}

/** Loads the entry for a preparation test; a load failure is the test's only mismatch. */
async function loadForPreparing(entry: TCorpusEntry): Promise<string | null> {
  try {
    await load(entry);
    return null;
  } catch (error) {
    return `load failed: ${message(error).slice(0, 300)}`;
  }
}

async function checkMapping(entry: TCorpusEntry): Promise<string[]> {
  const expected = entry.mapping;
  if (!expected) return [];
  const loadFailure = await loadForPreparing(entry);
  if (loadFailure) return [loadFailure];
  const result = await prepareTable(ws, TABLE, ZPreparingConfigSchema.parse({ target: "cosmo-ready" }), { maxRetries: 2 });
  const mapping: Partial<Record<TMappingKey, string>> = result.mapping ?? {};
  const shown = JSON.stringify(mapping);
  if (expected.error) {
    if (result.success) return [`expected failure containing ${JSON.stringify(expected.error)}, but it succeeded with ${shown}`];
    return (result.error ?? "").includes(expected.error)
      ? []
      : [`expected an error containing ${JSON.stringify(expected.error)}, got: ${result.error}`];
  }
  const out: string[] = [];
  if (!result.success && !(expected.failureAllowed && result.error)) out.push(`cosmo-ready failed: ${result.error ?? "no error given"}`);
  for (const [key, column] of Object.entries(expected.equals ?? {}) as [TMappingKey, string][]) {
    if (mapping[key] !== column) out.push(`${key}: expected ${JSON.stringify(column)}, got ${JSON.stringify(mapping[key])}`);
  }
  for (const [key, columns] of Object.entries(expected.oneOf ?? {}) as [TMappingKey, string[]][]) {
    if (!columns.includes(mapping[key] ?? ""))
      out.push(`${key}: expected one of ${JSON.stringify(columns)}, got ${JSON.stringify(mapping[key])}`);
  }
  for (const key of expected.absent ?? [])
    if (mapping[key] !== undefined) out.push(`${key}: expected unset, got ${JSON.stringify(mapping[key])}`);
  for (const [key, columns] of Object.entries(expected.never ?? {}) as [TMappingKey, string[]][]) {
    if (columns.includes(mapping[key] ?? "")) out.push(`${key}: must not be ${JSON.stringify(mapping[key])}`);
  }
  for (const [key, pattern] of Object.entries(expected.matches ?? {}) as [TMappingKey, RegExp][]) {
    if (!pattern.test(mapping[key] ?? "")) out.push(`${key}: expected a column matching ${pattern}, got ${JSON.stringify(mapping[key])}`);
  }
  // The trust contract: a point id the engine chose is unique in what it hands over.
  if (result.success && mapping.pointIdBy) {
    const col = ident(mapping.pointIdBy);
    const bad = await one(`SELECT count(*) - count(DISTINCT ${col}) FROM ${TABLE}`);
    if (bad !== 0) out.push(`pointIdBy ${JSON.stringify(mapping.pointIdBy)} is not unique: ${bad} rows repeat an id or have none`);
  }
  if (out.length) out.push(`(mapping was ${shown})`);
  return out;
}

async function checkTarget(entry: TCorpusEntry, expected: TTargetExpectation): Promise<string[]> {
  const loadFailure = await loadForPreparing(entry);
  if (loadFailure) return [loadFailure];
  const before = await one(`SELECT count(*) FROM ${TABLE}`);
  const result = await prepareTable(ws, TABLE, ZPreparingConfigSchema.parse({ target: expected.target }), { maxRetries: 2 });
  if (!result.success) return [`${expected.target} failed: ${result.error ?? "no error given"}`];
  const out: string[] = [];
  const rows = await one(`SELECT count(*) FROM ${TABLE}`);
  if (expected.rowCount !== undefined && rows !== expected.rowCount)
    out.push(`expected ${expected.rowCount} rows (loaded ${before}), got ${rows}`);
  const types = await columnTypes();
  for (const [name, kind] of Object.entries(expected.kinds ?? {})) out.push(...(await checkColumn(name, { kind }, types)));
  for (const name of expected.droppedForNulls ?? []) {
    const dropped = result.dropped.find((d) => d.column === name);
    if (!dropped) out.push(`${name}: expected dropped for nulls, ${types.has(name) ? "still there" : "gone without a dropped entry"}`);
    else if (!NULL_REASON.test(dropped.reason)) out.push(`${name}: dropped, but the reason does not mention nulls: ${dropped.reason}`);
    if (types.has(name)) out.push(`${name}: listed as dropped but still in the table`);
  }
  for (const name of expected.notDroppedForNulls ?? []) {
    const dropped = result.dropped.find((d) => d.column === name && NULL_REASON.test(d.reason));
    if (dropped) out.push(`${name}: dropped for nulls but is under the threshold (${dropped.reason})`);
  }
  return out;
}

describe("real-data corpus", () => {
  for (const entry of CORPUS) {
    describe(entry.name, () => {
      const isError = "error" in entry.load;
      it(isError ? "fails clearly" : "loads as the raw file says", async () => {
        settle(isError ? "errors" : "loads", entry.name, await checkLoad(entry));
      });
      if (entry.mapping) {
        it("cosmo-ready mapping", async () => {
          settle("mappings", entry.name, await checkMapping(entry));
        });
      }
      for (const target of entry.targets ?? []) {
        it(`${target.target} keeps what it must`, async () => {
          settle("targets", `${entry.name} ${target.target}`, await checkTarget(entry, target));
        });
      }
    });
  }
});
