import type { TColumnFacts } from "../preparing/column-facts.ts";
import { ident, type Workspace } from "../workspace.ts";
import { endpointPairProblem, isNumeric, notAnEndpoint } from "./cosmo-columns.ts";
import { byName, pairKey } from "./cosmo-positions.ts";

export type TEndpoints = { source: string; target: string };

const LINK_NAMES: [string, string][] = [
  ["source", "target"],
  ["from", "to"],
  ["src", "dst"],
  ["src", "dest"],
  ["source_id", "target_id"],
  ["from_id", "to_id"],
];
/** The smaller endpoint column's values must mostly appear in the other: both name points of one set. */
const MIN_ENDPOINT_CONTAINMENT = 0.5;
/** Overlap is checked between at most this many candidate columns (pairs grow quadratically). */
const MAX_ENDPOINT_CANDIDATES = 12;
const WEIGHT_HINT = /weight|value|count|strength|amount/i;

export function namedLinks(facts: TColumnFacts[]): TEndpoints | null {
  for (const [s, t] of LINK_NAMES) {
    const source = byName(facts, [s], (f) => f.nonNull > 0);
    const target = byName(facts, [t], (f) => f.nonNull > 0);
    if (source && target) return { source: source.name, target: target.name };
  }
  return null;
}

/** A numeric column named like a link weight (weight, value, count …), or undefined. */
export const linkWeight = (facts: TColumnFacts[], endpoints: TEndpoints) =>
  facts.find((f) => isNumeric(f) && f.nonNull > 0 && f.name !== endpoints.source && f.name !== endpoints.target && WEIGHT_HINT.test(f.name))
    ?.name;

export type TSharedEndpoints = {
  endpoints: (TEndpoints & { containment: number }) | null;
  /** Why columns or pairs were not taken, for the error when nothing fits. */
  rejected: string[];
};

/**
 * Two columns of one domain whose values mostly coincide: the point references of an unnamed edge
 * list. Category codes and row numbers are never candidates (a nodes table's `group` and `index`
 * share every value yet are no links). One scan gathers every candidate's distinct values; a
 * self-join counts shared values per pair (on the diagonal, each column's own distinct count).
 */
export async function sharedValueEndpoints(ws: Workspace, relation: string, facts: TColumnFacts[]): Promise<TSharedEndpoints> {
  const rejected: string[] = [];
  const candidates: TColumnFacts[] = [];
  for (const f of facts.filter((c) => (c.kind === "string" || c.kind === "integer") && c.nonNull > 0)) {
    const why = notAnEndpoint(f);
    if (why) rejected.push(why);
    else candidates.push(f);
  }
  const pool = candidates.slice(0, MAX_ENDPOINT_CANDIDATES);
  if (pool.length < 2) return { endpoints: null, rejected };
  const rows = await ws.rowsJS(
    `WITH v AS MATERIALIZED (
      SELECT DISTINCT k, v FROM (UNPIVOT (SELECT ${pool.map((f, i) => `CAST(${ident(f.name)} AS VARCHAR) AS "${i}"`).join(", ")} FROM ${relation}) ON COLUMNS(*) INTO NAME k VALUE v)
    )
    SELECT a.k::INTEGER AS a, b.k::INTEGER AS b, count(*) AS shared FROM v a JOIN v b ON a.v = b.v AND a.k::INTEGER <= b.k::INTEGER GROUP BY ALL`,
  );
  const shared = new Map(rows.map((r) => [pairKey(String(r.a), String(r.b)), Number(r.shared)]));
  const count = (i: number, j: number) => shared.get(pairKey(String(i), String(j))) ?? 0;
  let best: TSharedEndpoints["endpoints"] = null;
  for (const [i, a] of pool.entries()) {
    for (const [j, b] of pool.entries()) {
      if (j <= i || endpointPairProblem(a, b)) continue;
      const smaller = Math.min(count(i, i), count(j, j));
      const containment = smaller > 0 ? count(i, j) / smaller : 0;
      if (containment >= MIN_ENDPOINT_CONTAINMENT && (!best || containment > best.containment))
        best = { source: a.name, target: b.name, containment };
    }
  }
  return { endpoints: best, rejected };
}
