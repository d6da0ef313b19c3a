import path from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES } from "../../../test/engine-test-kit.ts";
import { columnTypes, expectBalancedLedger, loadError, LOADING_FIXTURES, useLoadWorkspace } from "./load-test-kit.ts";
import { readJsonArray } from "./read-json-array.ts";

const ctx = useLoadWorkspace();

describe("loading agent: JSON fields that mix text and numbers", () => {
  it("reads them as plain text, numbers as written, and ledgers the cast", async () => {
    const r = await ctx.load("movies-mixed-titles.json");
    expect(columnTypes(r)).toMatchObject({ Title: "VARCHAR", Year: "BIGINT", "Release Date": "DATE" });
    expect(await ctx.ws.rows("SELECT Title FROM data ORDER BY Year, Title")).toEqual([
      { Title: "Duel in the Sun" },
      { Title: "1776" },
      { Title: "Pirates" },
      { Title: "First Love, Last Rites" },
      { Title: "The Land Girls" },
      { Title: "9" },
    ]);
    expect(r.ledger.columns.cast).toContainEqual({
      column: "Title",
      from: "JSON",
      to: "VARCHAR",
      reason: "mixed text and numbers",
      failed: 0,
    });
    expect(r.params.dateFormats).toEqual({ "Release Date": "%b %d %Y" });
    expectBalancedLedger(r);
  });

  it("unquotes JSON values inside lists and keeps nested objects as structs", async () => {
    const file = path.join(ctx.ws.dir, "nested.json");
    await (
      await import("node:fs/promises")
    ).writeFile(file, '[{"tags": ["a", 1], "meta": {"k": "x", "v": 1}}, {"tags": ["b"], "meta": {"k": 2, "v": 3}}]');
    const r = await ctx.load("nested.json", {}, file);
    expect(columnTypes(r)).toEqual({ tags: "VARCHAR[]", meta: "STRUCT(k VARCHAR, v BIGINT)" });
    expect(await ctx.ws.rowsJS("SELECT tags, meta.k AS k FROM data ORDER BY k")).toEqual([
      { tags: ["b"], k: "2" },
      { tags: ["a", "1"], k: "x" },
    ]);
  });
});

describe("loading agent: JSON documents", () => {
  it("records every record array, loads the longest and names the others with how to choose", async () => {
    const r = await ctx.load("catalog.json");
    expect(r.params.jsonArrays).toEqual([
      { path: "products", rows: 3 },
      { path: "stores", rows: 2 },
    ]);
    expect(r.params.jsonPath).toBe("products");
    expect(r.warnings).toContain(
      'the document holds 2 record arrays; loaded "products", not loaded: "stores" (2 rows). Choose another with the loading option jsonPath, e.g. jsonPath: "stores"',
    );
    expectBalancedLedger(r);
  });

  it("loads one named array of a document into a table of its own", async () => {
    await ctx.load("graph.json", undefined, path.join(FIXTURES, "graph.json"));
    const links = await readJsonArray(ctx.ws, "links", path.join(FIXTURES, "graph.json"), "links");
    expect(links.tableInfo).toMatchObject({ table: "links", rowCount: 5 });
    expect(columnTypes(links)).toEqual({ source: "VARCHAR", target: "VARCHAR", value: "DOUBLE" });
    expect(await ctx.ws.rows("SELECT count(*)::INT AS n FROM data")).toEqual([{ n: 6 }]);
    const missing = await readJsonArray(ctx.ws, "edges", path.join(FIXTURES, "graph.json"), "edges").catch((e: Error) => e.message);
    expect(missing).toMatch(/jsonPath "edges" not found; top-level keys: nodes, links/);
  });

  it("flattens a GeoJSON FeatureCollection of points to properties with longitude and latitude", async () => {
    const r = await ctx.load("places.geojson");
    expect(columnTypes(r)).toEqual({ id: "VARCHAR", name: "VARCHAR", population: "BIGINT", longitude: "DOUBLE", latitude: "DOUBLE" });
    expect(await ctx.ws.rows("SELECT id, longitude, latitude FROM data WHERE name = 'Oslo'")).toEqual([
      { id: "oslo", longitude: 10.7522, latitude: 59.9139 },
    ]);
    expect(r.ledger.columns.added.map((a) => a.column)).toEqual(["longitude", "latitude"]);
    expectBalancedLedger(r);
  });

  it("gives other geometries a geometry_type and the mean of their vertices", async () => {
    const r = await ctx.load("regions.geojson");
    expect(await ctx.ws.rows("SELECT name, geometry_type, longitude, latitude FROM data ORDER BY name")).toEqual([
      { name: "spot", geometry_type: "Point", longitude: 5, latitude: 6 },
      { name: "square", geometry_type: "Polygon", longitude: 1, latitude: 1 },
    ]);
    expect(r.warnings.some((w) => w.startsWith("features that are not Points (Polygon 1)"))).toBe(true);
  });

  it.each([
    ["topology.json", /^could not load "topology.json": not a table: TopoJSON topology \(objects: states; 2 arcs\)/],
    ["grid.json", /^could not load "grid.json": not a table: a grid of 3×2 numbers in "values"/],
    ["matrix.json", /^could not load "matrix.json": not a table: a grid of numbers \(3 arrays of numbers/],
  ])("refuses %s as not a table, without retries", async (name, message) => {
    const error = await loadError(ctx.load(name, undefined, path.join(LOADING_FIXTURES, name)));
    expect(error.message).toMatch(message);
    expect(error.attempts).toHaveLength(1);
  });
});
