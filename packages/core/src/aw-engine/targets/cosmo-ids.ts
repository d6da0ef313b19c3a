import type { TColumnFacts, TRelationFacts } from "../preparing/column-facts.ts";
import { duplicateValues } from "../validation/cosmo-integrity.ts";
import type { Workspace } from "../workspace.ts";
import { isUniqueColumn } from "./cosmo-columns.ts";
import { TargetUnreachableError } from "./types.ts";

const ID_NAME = /^(id|key|code|iata|icao|uuid|guid)$|_(id|key|code|uuid)$/i;
const CAMEL_ID_NAME = /[a-z](Id|ID|Key|Code)$/;
const LABEL_HINT = /name|label|title|city/i;

const isIdNamed = (name: string) => ID_NAME.test(name) || CAMEL_ID_NAME.test(name);

/** Text and integer columns unique in every row: what can identify a point (a unique measurement cannot). */
const idCandidates = (facts: TRelationFacts) =>
  facts.columns.filter((f) => (f.kind === "string" || f.kind === "integer") && isUniqueColumn(f, facts.rowCount));

/**
 * Columns that can identify each point: unique and never NULL (an exact test), names like `id`,
 * `*_id`, `iata` or `code` first, then unique text (names, labels), then unique integers.
 */
export function rankedPointIds(facts: TRelationFacts, taken: Set<string>): TColumnFacts[] {
  const rank = (f: TColumnFacts) => (isIdNamed(f.name) ? 0 : f.kind === "string" ? (LABEL_HINT.test(f.name) ? 1 : 2) : 3);
  return idCandidates(facts)
    .filter((f) => !taken.has(f.name))
    .toSorted((a, b) => rank(a) - rank(b));
}

/** A point id a person chose must be unique and present in every row; otherwise this names the duplicates. */
export async function requireUniqueIds(ws: Workspace, relation: string, facts: TRelationFacts, column: string): Promise<void> {
  const f = facts.columns.find((c) => c.name === column);
  if (!f || isUniqueColumn(f, facts.rowCount)) return;
  const problems: string[] = [];
  if (f.distinct < f.nonNull) {
    const dup = await duplicateValues(ws, relation, column);
    const example = dup.example ? `, e.g. ${JSON.stringify(dup.example.value)} in ${dup.example.rows} rows` : "";
    problems.push(`${dup.rows} rows share their value with another row (${f.distinct} distinct values in ${f.nonNull} rows${example})`);
  }
  if (f.nonNull < facts.rowCount) problems.push(`${facts.rowCount - f.nonNull} rows have no value`);
  const others = idCandidates(facts).map((c) => c.name);
  const hint = others.length
    ? `; unique columns: ${others.join(", ")}`
    : "; no column is unique: leave pointIdBy out and the rows are numbered";
  throw new TargetUnreachableError(`pointIdBy "${column}" is not a unique id: ${problems.join("; ")}${hint}`);
}

/** `base`, or `base_2`, `base_3` … whichever no column has (DuckDB compares names case-insensitively). */
export function freeColumnName(names: string[], base: string): string {
  const taken = new Set(names.map((n) => n.toLowerCase()));
  let name = base;
  for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base}_${n}`;
  return name;
}
