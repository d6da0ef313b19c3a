import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Workspace } from "../workspace.ts";
import { checkCosmoReady } from "./cosmo-ready-check.ts";
import { validateTable } from "./validate-table.ts";

let ws: Workspace;
beforeAll(async () => {
  ws = await Workspace.open({ memoryLimit: "256MB", threads: 1 });
  // The `nodes` and `links` arrays of a miserables-like {nodes, links} document: links name nodes by index.
  await ws.run(`CREATE TABLE nodes AS SELECT 'character ' || i AS name, i % 11 AS "group", i AS "index" FROM range(77) r(i)`);
  await ws.run(`CREATE TABLE links AS SELECT i % 77 AS source, (i * 5 + 3) % 77 AS target, 1 + i % 4 AS value FROM range(154) r(i)`);
  await ws.run(`CREATE TABLE airports AS SELECT * FROM (VALUES
    ('AAA', 'Municipal Airport', 10.5, 1.5), ('BBB', 'Municipal Airport', 11.5, 2.5), ('CCC', 'Central', 12.5, 3.5), ('DDD', 'Central', 13.5, 4.5), ('EEE', 'Harbour', 14.5, 5.5)
  ) t(iata, name, lon, lat)`);
});
afterAll(async () => {
  await ws.close();
});

const rules = (failures: { rule: string; column?: string }[]) => failures.map((f) => `${f.rule}:${f.column ?? ""}`);

describe("the cosmo-ready check fails wrong mappings", () => {
  it("fails group → index links on a nodes table", async () => {
    const report = await validateTable(ws, "nodes", {
      kind: "functional",
      check: "cosmo-ready",
      mapping: { linkSourceBy: "group", linkTargetBy: "index" },
    });
    expect(report.passed).toBe(false);
    expect(report.failures).toEqual([
      expect.objectContaining({
        rule: "link_endpoints_not_references",
        message:
          "links group → index do not reference points: index numbers the rows (0..76) and group is a category code (11 distinct values in 77 rows): that is a table of points, not of links",
      }),
    ]);
  });

  it("counts link endpoints that are no point's id, with examples", async () => {
    const failures = await checkCosmoReady(ws, "nodes", { pointIdBy: "name", linkSourceBy: "group", linkTargetBy: "index" });
    expect(rules(failures)).toEqual(["link_endpoints_not_references:", "link_endpoint_dangling:group", "link_endpoint_dangling:index"]);
    expect(failures[1]).toMatchObject({
      count: 77,
      message: 'link column "group": 77 links reference ids not among the points\' name values, e.g. 0, 1, 2, 3, 4',
    });
    expect(failures[1]?.examples).toHaveLength(5);
  });

  it("fails point ids that are not unique, counting the rows that share one", async () => {
    const failures = await checkCosmoReady(ws, "airports", { pointsXBy: "lon", pointsYBy: "lat", pointIdBy: "name" });
    expect(failures).toEqual([
      {
        rule: "point_id_not_unique",
        column: "name",
        message: 'point id column "name" is not unique: 4 rows share their id with another row (3 distinct ids in 5 rows)',
        count: 4,
        examples: expect.arrayContaining([expect.objectContaining({ iata: "AAA", name: "Municipal Airport" })]),
      },
    ]);
    expect(await checkCosmoReady(ws, "airports", { pointsXBy: "lon", pointsYBy: "lat", pointIdBy: "iata" })).toEqual([]);
  });

  it("names a DATE or TIMESTAMP position for what it is", async () => {
    await ws.run(`CREATE TABLE series AS SELECT TIMESTAMP '2024-01-01' + INTERVAL (i) HOUR AS time, i AS count FROM range(3) r(i)`);
    const failures = await checkCosmoReady(ws, "series", { pointsXBy: "time", pointsYBy: "count" });
    expect(failures).toEqual([
      expect.objectContaining({
        rule: "positions_not_numeric",
        column: "time",
        message: 'position column "time" is TIMESTAMP: convert it to epoch numbers',
        count: 3,
      }),
    ]);
  });

  it("fails too many colours, an entirely NULL mapped column, and sizes or weights that are not numbers", async () => {
    await ws.run(
      `CREATE TABLE many AS SELECT i * 1.0 AS x, i * 2.0 AS y, 'c' || i AS tag, NULL::DOUBLE AS empty, 'big' AS size FROM range(60) r(i)`,
    );
    const failures = await checkCosmoReady(ws, "many", {
      pointsXBy: "x",
      pointsYBy: "y",
      pointColorBy: "tag",
      pointLabelBy: "empty",
      pointSizeBy: "size",
    });
    expect(rules(failures)).toEqual(["mapping_column_empty:empty", "color_too_many:tag", "size_not_numeric:size"]);
    expect(failures[1]?.message).toBe('colour column "tag" has 60 distinct values; at most 50 categories can be told apart');
    const weighted = await checkCosmoReady(ws, "airports", { linkSourceBy: "iata", linkTargetBy: "name", linkWeightBy: "name" });
    expect(rules(weighted)).toContain("weight_not_numeric:name");
  });
});

describe("the cosmo-ready check of nodes and links together", () => {
  const mapping = { pointIdBy: "index", pointLabelBy: "name", linkSourceBy: "source", linkTargetBy: "target", linkWeightBy: "value" };

  it("passes links whose endpoints are all point ids", async () => {
    expect(await checkCosmoReady(ws, "nodes", mapping, { links: "links" })).toEqual([]);
  });

  it("infers the mapping from the links when none is given: points with links need no positions, only ids the links name", async () => {
    expect(await checkCosmoReady(ws, "nodes", undefined, { links: "links" })).toEqual([]);
    const failures = await checkCosmoReady(ws, "nodes", { linkSourceBy: "source", linkTargetBy: "target" }, { links: "links" });
    expect(failures).toEqual([
      expect.objectContaining({
        rule: "point_id_unmapped",
        message: "the mapping has no pointIdBy, so the source/target values of the links in links cannot be matched to points",
      }),
    ]);
  });

  it("counts dangling endpoints per column, and missing ones", async () => {
    await ws.run(`CREATE TABLE broken AS SELECT * FROM (VALUES (0, 1), (1, 80), (90, 2), (3, NULL)) t(source, target)`);
    const failures = await checkCosmoReady(ws, "nodes", mapping, { links: "broken" });
    expect(failures.map((f) => [f.rule, f.column, f.count])).toEqual([
      ["mapping_column_missing", "value", 1],
      ["link_endpoint_dangling", "source", 1],
      ["link_endpoint_missing", "target", 1],
      ["link_endpoint_dangling", "target", 1],
    ]);
    expect(failures[0]?.message).toBe('linkWeightBy names "value", which is not a column of broken; columns: source, target');
    expect(failures[1]?.examples).toEqual([{ source: 90, target: 2 }]);
    expect(failures[3]?.examples).toEqual([{ source: 1, target: 80 }]);
  });
});
