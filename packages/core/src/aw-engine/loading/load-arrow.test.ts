import fs from "node:fs/promises";
import path from "node:path";
import {
  Bool,
  DateDay,
  Dictionary,
  Field,
  Float64,
  Int32,
  Int64,
  List,
  Table,
  TimestampMicrosecond,
  Utf8,
  makeData,
  makeVector,
  tableToIPC,
  vectorFromArray,
} from "apache-arrow";
import { describe, expect, it } from "vitest";
import { loadTable } from "./load-table.ts";
import { columnTypes, expectBalancedLedger, useLoadWorkspace } from "./load-test-kit.ts";

const ctx = useLoadWorkspace();

/** 2021-03-04 05:06:07.123456 UTC in microseconds: a value a millisecond reader would round. */
const MICROS = 1_614_834_367_123_456n;

function sampleTable(): Table {
  return new Table({
    id: vectorFromArray([1, 2, null], new Int32()),
    big: vectorFromArray([1n, 2n ** 60n, null], new Int64()),
    score: vectorFromArray([1.5, null, -3.25], new Float64()),
    name: vectorFromArray(["alpha", null, "gamma"], new Utf8()),
    active: vectorFromArray([true, false, null], new Bool()),
    day: vectorFromArray([new Date("2020-01-02"), null, new Date("1969-12-31")], new DateDay()),
    // Built from raw microseconds: the builder takes milliseconds.
    seen: makeVector(
      makeData({
        type: new TimestampMicrosecond(),
        length: 3,
        nullCount: 1,
        data: new BigInt64Array([MICROS, 0n, 0n]),
        nullBitmap: Uint8Array.of(0b101),
      }),
    ),
    kind: vectorFromArray(["x", "y", "x"], new Dictionary(new Utf8(), new Int32())),
    tags: vectorFromArray([["a", "b"], [], null], new List(new Field("item", new Utf8(), true))),
  });
}

describe("loading agent: Arrow IPC", () => {
  it.each([
    ["table.arrow", "file"],
    ["table.feather", "file"],
    ["table.arrows", "stream"],
  ] as const)("reads %s keeping its types", async (name, format) => {
    const file = path.join(ctx.ws.dir, name);
    await fs.writeFile(file, tableToIPC(sampleTable(), format));
    const r = await ctx.load(name, undefined, file);
    expect(r.params.format).toBe("arrow");
    expect(columnTypes(r)).toEqual({
      id: "INTEGER",
      big: "BIGINT",
      score: "DOUBLE",
      name: "VARCHAR",
      active: "BOOLEAN",
      day: "DATE",
      seen: "TIMESTAMP",
      kind: "VARCHAR",
      tags: "VARCHAR",
    });
    expect(
      await ctx.ws.rows(
        "SELECT id, big::VARCHAR AS big, score, name, active, day::VARCHAR AS day, seen::VARCHAR AS seen, kind, tags FROM data ORDER BY id NULLS LAST",
      ),
    ).toEqual([
      {
        id: 1,
        big: "1",
        score: 1.5,
        name: "alpha",
        active: true,
        day: "2020-01-02",
        seen: "2021-03-04 05:06:07.123456",
        kind: "x",
        tags: '["a","b"]',
      },
      { id: 2, big: "1152921504606846976", score: null, name: null, active: false, day: null, seen: null, kind: "y", tags: "[]" },
      {
        id: null,
        big: null,
        score: -3.25,
        name: "gamma",
        active: null,
        day: "1969-12-31",
        seen: "1970-01-01 00:00:00",
        kind: "x",
        tags: null,
      },
    ]);
    expect(r.warnings).toContain('nested Arrow columns read as JSON text: "tags" (List<Utf8>)');
    expectBalancedLedger(r);
  });

  it("recognises Arrow by its magic bytes under a name without an extension", async () => {
    const file = path.join(ctx.ws.dir, "upload-7");
    await fs.writeFile(file, tableToIPC(sampleTable(), "file"));
    const r = await loadTable(ctx.ws, { path: file, filename: "upload-7" });
    expect(r.params.format).toBe("arrow");
    expect(r.tableInfo.rowCount).toBe(3);
  });
});
