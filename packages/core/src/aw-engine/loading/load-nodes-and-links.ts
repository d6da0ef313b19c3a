import { ZLoadingConfigSchema } from "../../schemas/workflow.ts";
import { ident, type Workspace } from "../workspace.ts";
import { loadTable } from "./load-table.ts";
import { readJsonArray } from "./read-json-array.ts";
import { LoadError, type TJsonArray, type TLoadResult, type TLoadTableInput } from "./types.ts";

const NODE_NAMES = ["nodes", "vertices", "points"];
const LINK_NAMES = ["links", "edges"];

/** The links array loaded beside the points, described as the loading step describes its table. */
export type TLinksLoad = Pick<TLoadResult, "tableInfo" | "params" | "ledger">;

export type TNodesAndLinksLoad = TLoadResult & { links?: TLinksLoad };

/** `nodes` and `data.nodes` both name a nodes array: the last key of the path decides. */
const named = (arrays: TJsonArray[], names: string[]) => arrays.find((a) => names.includes(a.path.split(".").at(-1)?.toLowerCase() ?? ""));

/**
 * Which arrays of a document are its points and its links: the links the caller named (with the
 * points named by `jsonPath`, else a nodes-like array, else the longest other one), or else a
 * nodes-like and a links-like array found together. Null when the document is not a graph.
 */
export function graphArrays(
  arrays: TJsonArray[],
  options: { jsonPath?: string; linksPath?: string },
): { nodes: string; links: string } | null {
  if (options.linksPath) {
    const others = arrays.filter((a) => a.path !== options.linksPath);
    const nodes = options.jsonPath ?? (named(others, NODE_NAMES) ?? others[0])?.path;
    return nodes ? { nodes, links: options.linksPath } : null;
  }
  if (options.jsonPath) return null;
  const [nodes, links] = [named(arrays, NODE_NAMES), named(arrays, LINK_NAMES)];
  return nodes && links ? { nodes: nodes.path, links: links.path } : null;
}

/**
 * The loading step: loads the file into `input.table`, and when it is a JSON document of points and
 * links (or `linksPath` names its links), the points into `input.table` and the links into
 * `linksTable`. A `linksTable` left by an earlier load is dropped: it belonged to another file.
 */
export async function loadNodesAndLinks(
  ws: Workspace,
  input: TLoadTableInput & { table: string; linksTable: string },
): Promise<TNodesAndLinksLoad> {
  await ws.run(`DROP TABLE IF EXISTS ${ident(input.linksTable)}`);
  const options = ZLoadingConfigSchema.parse(input.options ?? {});
  if (options.linksPath && options.linksPath === options.jsonPath)
    throw new LoadError(`jsonPath and linksPath both name "${options.linksPath}": the points and the links are two arrays`, []);
  // The first read finds the document's arrays; a graph's points are read again by name, so the warnings speak of what was loaded.
  const first = await loadTable(ws, input);
  const arrays = first.params.jsonArrays ?? [];
  const pair = first.params.format === "json" ? graphArrays(arrays, options) : null;
  if (!pair) {
    if (!options.linksPath) return first;
    const held = arrays.length
      ? `its record arrays are ${arrays.map((a) => `"${a.path}"`).join(", ")}`
      : `it was read as ${first.params.format} without record arrays`;
    throw new LoadError(
      `linksPath "${options.linksPath}" needs a JSON document holding the points and the links in two arrays; ${held}`,
      first.attempts,
    );
  }
  const points =
    options.jsonPath === pair.nodes ? first : await loadTable(ws, { ...input, options: { ...input.options, jsonPath: pair.nodes } });
  const links = await readJsonArray(ws, input.linksTable, input.path, pair.links).catch((error: unknown) => {
    throw new LoadError(
      `could not load the links "${pair.links}": ${error instanceof Error ? error.message : String(error)}`,
      points.attempts,
    );
  });
  const only = options.linksPath ? [] : [`to load only one of them, set the loading option jsonPath (e.g. jsonPath: "${pair.links}")`];
  const loaded = `loaded "${pair.nodes}" (${points.tableInfo.rowCount} rows) as the points and "${pair.links}" (${links.tableInfo.rowCount} rows) beside them as their links`;
  return {
    ...points,
    warnings: [[loaded, ...only].join("; "), ...points.warnings, ...links.warnings.map((w) => `links: ${w}`)],
    links: { tableInfo: links.tableInfo, params: links.params, ledger: links.ledger },
  };
}
