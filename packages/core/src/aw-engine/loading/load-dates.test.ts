import { describe, expect, it } from "vitest";
import { columnTypes, expectBalancedLedger, useLoadWorkspace } from "./load-test-kit.ts";

const ctx = useLoadWorkspace();

describe("loading agent: dates and timestamps in text", () => {
  it("reads every column whose values all parse with one format as DATE or TIMESTAMP, and records the format", async () => {
    const r = await ctx.load("dates.csv");
    expect(columnTypes(r)).toMatchObject({
      month_name: "DATE",
      long_date: "DATE",
      slashed: "TIMESTAMP",
      iso_t: "TIMESTAMP",
      day_first: "DATE",
      month_first: "DATE",
      created_at: "TIMESTAMP",
      sent_ms: "TIMESTAMP",
    });
    expect(r.params.dateFormats).toMatchObject({
      month_name: "%b %d %Y",
      long_date: "%d %B %Y",
      slashed: "%Y/%m/%d %H:%M",
      day_first: "%d/%m/%Y",
      month_first: "%m/%d/%Y",
      created_at: "epoch seconds",
      sent_ms: "epoch milliseconds",
    });
    const [first] = await ctx.ws.rows(
      "SELECT month_name::VARCHAR AS m, long_date::VARCHAR AS l, slashed::VARCHAR AS s, day_first::VARCHAR AS d, month_first::VARCHAR AS mf, created_at::VARCHAR AS c, sent_ms::VARCHAR AS ms FROM data WHERE id = 1",
    );
    expect(first).toEqual({
      m: "2000-01-01",
      l: "2000-01-01",
      s: "2001-01-01 06:55:00",
      d: "2001-12-25",
      mf: "2001-01-02",
      c: "2000-01-01 00:00:00",
      ms: "2000-01-01 00:00:00.123",
    });
    expect(r.warnings.some((w) => w.startsWith('read column "month_first" as DATE (%m/%d/%Y): no value has a day above 12'))).toBe(true);
  });

  it("leaves a column alone when one value does not parse, and keeps NA as text", async () => {
    const r = await ctx.load("dates.csv");
    expect(columnTypes(r)).toMatchObject({ almost: "VARCHAR", code: "VARCHAR" });
    expect(r.params.dateFormats).not.toHaveProperty("almost");
    expect(await ctx.ws.rows("SELECT code FROM data ORDER BY id")).toEqual([{ code: "NA" }, { code: "7" }, { code: "NA" }, { code: "x" }]);
  });

  it("ledgers each conversion as a cast and as parsed values with examples", async () => {
    const r = await ctx.load("dates.csv");
    expectBalancedLedger(r);
    expect(r.ledger.columns.cast).toContainEqual({
      column: "month_name",
      from: "VARCHAR",
      to: "DATE",
      reason: "parsed as date with format %b %d %Y",
      failed: 0,
    });
    const parsed = r.ledger.values.find((v) => v.column === "month_name");
    expect(parsed).toMatchObject({ change: "parsed", count: 3, reason: "parsed as date with format %b %d %Y" });
    expect(parsed?.examples).toContainEqual({ before: "Jan 1 2000", after: "2000-01-01" });
    expect(parsed?.examples.length).toBeGreaterThanOrEqual(2);
    expect(r.ledger.columns.cast.map((c) => c.column).toSorted()).toEqual(Object.keys(r.params.dateFormats ?? {}).toSorted());
  });
});
