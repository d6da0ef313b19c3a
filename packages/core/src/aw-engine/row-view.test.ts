import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DomainError } from "../errors.ts";
import { ZRowViewSchema, type TRowViewInput } from "../schemas/row-view.ts";
import { sampleTable } from "./sample.ts";
import { Workspace } from "./workspace.ts";

let ws: Workspace;
beforeAll(async () => {
  ws = await Workspace.open({ memoryLimit: "256MB", threads: 1 });
  // A column name and values that would be SQL if they were spliced in.
  await ws.run(`CREATE TABLE t AS SELECT * FROM (VALUES
    (1, 'Oslo', 3.5, 'a'),
    (2, 'Bergen', NULL, 'b'),
    (3, 'oslo fjord', 10.0, 'x''); DROP TABLE t; --'),
    (4, 'Tromsø', 7.25, 'c'),
    (5, 'Bergen', 7.25, 'd')
  ) AS v(id, city, "score""; DROP TABLE t; --", note)`);
});
afterAll(() => ws.close());

const page = (view: TRowViewInput, limit = 10, offset = 0) => sampleTable(ws, "t", { limit, offset }, ZRowViewSchema.parse(view));
const ids = async (view: TRowViewInput, limit = 10, offset = 0) => (await page(view, limit, offset)).rows.map((r) => r.id);
const SCORE = 'score"; DROP TABLE t; --';

describe("row views (sort and filter before paging)", () => {
  it("sorts by any column, NULLs last, ties in table order, and pages without overlap", async () => {
    expect(await ids({ sort: [{ column: SCORE, desc: true }] })).toEqual([3, 4, 5, 1, 2]);
    // Text sorts by code point: capitals before lower case ("Tromsø" before "oslo fjord").
    expect(await ids({ sort: [{ column: "city" }, { column: "id", desc: true }] })).toEqual([5, 2, 1, 4, 3]);
    const pages = [
      ...(await ids({ sort: [{ column: SCORE }] }, 2, 0)),
      ...(await ids({ sort: [{ column: SCORE }] }, 2, 2)),
      ...(await ids({ sort: [{ column: SCORE }] }, 2, 4)),
    ];
    expect(pages).toEqual([1, 4, 5, 3, 2]);
  });

  it("filters with bound values: contains (any case), equals, greater / less than, null or not; total counts what is kept", async () => {
    const oslo = await page({ filters: [{ column: "city", op: "contains", value: "OSLO" }] });
    expect(oslo.rows.map((r) => r.id)).toEqual([1, 3]);
    expect(oslo.total).toBe(2);
    expect(await ids({ filters: [{ column: "city", op: "equals", value: "Bergen" }] })).toEqual([2, 5]);
    expect(await ids({ filters: [{ column: SCORE, op: "gt", value: 7 }] })).toEqual([3, 4, 5]);
    expect(await ids({ filters: [{ column: SCORE, op: "lt", value: "7.5" }] })).toEqual([1, 4, 5]);
    expect(await ids({ filters: [{ column: SCORE, op: "is_null" }] })).toEqual([2]);
    expect(
      await ids({
        filters: [
          { column: SCORE, op: "not_null" },
          { column: "city", op: "contains", value: "o" },
        ],
      }),
    ).toEqual([1, 3, 4]);
  });

  it("reads hostile values as values, never as SQL", async () => {
    expect(await ids({ filters: [{ column: "note", op: "equals", value: "x'); DROP TABLE t; --" }] })).toEqual([3]);
    expect(await ids({ filters: [{ column: "city", op: "contains", value: "' OR 1=1 --" }] })).toEqual([]);
    expect((await page({})).total).toBe(5);
  });

  it("refuses an unknown column and a filter without its value, with a clear message", async () => {
    await expect(page({ sort: [{ column: "nope; DROP TABLE t" }] })).rejects.toThrow(DomainError);
    await expect(page({ sort: [{ column: "nope" }] })).rejects.toThrow('no column named "nope" in this table');
    await expect(page({ filters: [{ column: "city", op: "contains" }] })).rejects.toThrow("the contains filter on city needs a value");
    await expect(page({ filters: [{ column: "id", op: "gt", value: "many" }] })).rejects.toThrow("the > filter on id needs a number");
    expect((await page({})).total).toBe(5);
  });
});
