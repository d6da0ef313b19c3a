import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { relationFacts } from "../preparing/column-facts.ts";
import { tableColumns } from "../sample.ts";
import { checkCosmoReady } from "../validation/cosmo-ready-check.ts";
import { ident, Workspace } from "../workspace.ts";
import { chooseGraphKeys, type TGraphSide } from "./cosmo-graph.ts";

let ws: Workspace;
beforeAll(async () => {
  ws = await Workspace.open({ memoryLimit: "256MB", threads: 1 });
  // miserables.json: nodes {name, group, index}; links name nodes by index, with a value.
  await ws.run(`CREATE TABLE nodes AS SELECT 'character ' || i AS name, i % 11 AS "group", i AS "index" FROM range(77) r(i)`);
  await ws.run(`CREATE TABLE links AS SELECT i % 77 AS source, (i * 5 + 3) % 77 AS target, 1 + i % 4 AS value FROM range(154) r(i)`);
});
afterAll(async () => {
  await ws.close();
});

const side = async (table: string): Promise<TGraphSide> => ({
  relation: ident(table),
  facts: await relationFacts(ws, ident(table), await tableColumns(ws, table)),
});

describe("nodes and links together", () => {
  it("identifies points by the column the links name, not by the first unique label", async () => {
    const choice = await chooseGraphKeys(ws, await side("nodes"), await side("links"));
    expect(choice.mapping).toEqual({ pointIdBy: "index", linkSourceBy: "source", linkTargetBy: "target", linkWeightBy: "value" });
    expect(choice.reasons).toContain("pointIdBy: index (unique; the links name points by it)");
    expect(await checkCosmoReady(ws, "nodes", choice.mapping, { links: "links" })).toEqual([]);
  });

  it("takes unnamed endpoints only from columns whose values are point ids, never a category code", async () => {
    await ws.run(`CREATE TABLE people AS SELECT 'p' || i AS person_id, 'Person ' || i AS name FROM range(30) r(i)`);
    await ws.run(
      `CREATE TABLE knows AS SELECT 'p' || (i % 30) AS who, 'p' || ((i * 7) % 30) AS whom, i % 3 AS kind, 'note ' || i AS note FROM range(90) r(i)`,
    );
    const choice = await chooseGraphKeys(ws, await side("people"), await side("knows"));
    expect(choice.mapping).toEqual({ pointIdBy: "person_id", linkSourceBy: "who", linkTargetBy: "whom" });
  });

  it("fails with the share of each link column's values that are point ids when the links name no point", async () => {
    await ws.run(`CREATE TABLE strangers AS SELECT 'x' || i AS source, 'y' || i AS target FROM range(10) r(i)`);
    const error = await chooseGraphKeys(ws, await side("nodes"), await side("strangers")).catch((e: Error) => e.message);
    expect(error).toBe(
      "no two link columns name the points: share of each link column's values that are point ids, per id column: name: source 0%, target 0%; index: source 0%, target 0%",
    );
  });

  it("refuses a given point id that is not unique", async () => {
    const error = await chooseGraphKeys(ws, await side("nodes"), await side("links"), { pointIdBy: "group" }).catch(
      (e: Error) => e.message,
    );
    expect(error).toContain(
      'pointIdBy "group" is not a unique id: 77 rows share their value with another row (11 distinct values in 77 rows',
    );
  });
});
