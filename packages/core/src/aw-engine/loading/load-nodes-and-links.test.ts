import fs from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FIXTURES } from "../../../test/engine-test-kit.ts";
import { Workspace } from "../workspace.ts";
import { graphArrays, loadNodesAndLinks } from "./load-nodes-and-links.ts";
import type { TLoadingOptions } from "./types.ts";

let ws: Workspace;
beforeEach(async () => {
  ws = await Workspace.open({ memoryLimit: "256MB", threads: 1 });
});
afterEach(async () => {
  await ws.close();
});

const load = (file: string, options: TLoadingOptions = {}) =>
  loadNodesAndLinks(ws, { path: file, filename: path.basename(file), options, table: "data", linksTable: "links" });

async function writeDocument(name: string, document: unknown) {
  const file = path.join(ws.dir, name);
  await fs.writeFile(file, JSON.stringify(document));
  return file;
}

describe("loading points and links together", () => {
  it("pairs a nodes-like with a links-like array, at any depth, and leaves other documents alone", () => {
    expect(
      graphArrays(
        [
          { path: "links", rows: 9 },
          { path: "nodes", rows: 4 },
        ],
        {},
      ),
    ).toEqual({ nodes: "nodes", links: "links" });
    expect(
      graphArrays(
        [
          { path: "graph.edges", rows: 9 },
          { path: "graph.Vertices", rows: 4 },
        ],
        {},
      ),
    ).toEqual({ nodes: "graph.Vertices", links: "graph.edges" });
    expect(
      graphArrays(
        [
          { path: "links", rows: 9 },
          { path: "nodes", rows: 4 },
        ],
        { jsonPath: "links" },
      ),
    ).toBeNull();
    expect(
      graphArrays(
        [
          { path: "products", rows: 3 },
          { path: "stores", rows: 2 },
        ],
        {},
      ),
    ).toBeNull();
  });

  it("loads the array linksPath names as the links, the nodes-like one as the points", async () => {
    const file = await writeDocument("people.json", {
      people: [{ id: "a" }, { id: "b" }, { id: "c" }],
      knows: [{ who: "a", whom: "b" }],
      notes: [{ text: "x" }, { text: "y" }, { text: "z" }, { text: "w" }],
    });
    const r = await load(file, { jsonPath: "people", linksPath: "knows" });
    expect(r.params.jsonPath).toBe("people");
    expect(r.links).toMatchObject({ tableInfo: { table: "links", rowCount: 1 }, params: { jsonPath: "knows" } });
    expect(r.warnings[0]).toBe('loaded "people" (3 rows) as the points and "knows" (1 rows) beside them as their links');
    expect(await ws.rows("SELECT whom FROM links")).toEqual([{ whom: "b" }]);
  });

  it("drops the links of an earlier load, and refuses a linksPath the file cannot have", async () => {
    await load(path.join(FIXTURES, "graph.json"));
    const plain = await load(path.join(FIXTURES, "records.json"));
    expect(plain.links).toBeUndefined();
    expect(await ws.rows("SELECT count(*)::INT AS n FROM information_schema.tables WHERE table_name = 'links'")).toEqual([{ n: 0 }]);
    const csv = await load(path.join(FIXTURES, "edges.csv"), { linksPath: "links" }).catch((e: Error) => e.message);
    expect(csv).toBe(
      'linksPath "links" needs a JSON document holding the points and the links in two arrays; it was read as csv without record arrays',
    );
    const same = await load(path.join(FIXTURES, "graph.json"), { jsonPath: "links", linksPath: "links" }).catch((e: Error) => e.message);
    expect(same).toBe('jsonPath and linksPath both name "links": the points and the links are two arrays');
    const missing = await load(path.join(FIXTURES, "graph.json"), { linksPath: "edges" }).catch((e: Error) => e.message);
    expect(missing).toMatch(/^could not load the links "edges": jsonPath "edges" not found; top-level keys: nodes, links/);
  });
});
