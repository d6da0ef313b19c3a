import { columnKind } from "../profiling/profile-table.ts";
import type { TColumnKind } from "../profiling/types.ts";
import { ident, type Workspace } from "../workspace.ts";

/** What the targets need to know about a column to decide what to do with it. */
export type TColumnFacts = {
  name: string;
  type: string;
  kind: TColumnKind;
  nonNull: number;
  distinct: number;
  /** Numeric columns only. */
  min: number | null;
  max: number | null;
  variance: number | null;
  nonFinite: number;
  /** Text columns only: how many non-NULL values read as each type. */
  text: { integer: number; number: number; boolean: number; date: number; timestamp: number; leadingZero: number } | null;
};

export type TRelationFacts = { rowCount: number; columns: TColumnFacts[] };

const BOOLEAN_WORDS = "('true', 'false', 'yes', 'no', 't', 'f')";

/** Per-column counts (exact: id detection needs them) over any relation (a quoted table name or a parenthesised SELECT), in one scan. */
export async function relationFacts(ws: Workspace, relation: string, columns: { name: string; type: string }[]): Promise<TRelationFacts> {
  const parts = ["count(*) AS n"];
  columns.forEach((col, i) => {
    const c = ident(col.name);
    const kind = columnKind(col.type);
    parts.push(`count(${c}) AS c${i}_nn`, `count(DISTINCT ${c}) AS c${i}_d`);
    if (kind === "integer" || kind === "number") {
      parts.push(
        `min(${c})::DOUBLE AS c${i}_min`,
        `max(${c})::DOUBLE AS c${i}_max`,
        `var_samp(${c}::DOUBLE) FILTER (WHERE isfinite(${c}::DOUBLE)) AS c${i}_var`,
        `count(*) FILTER (WHERE NOT isfinite(${c}::DOUBLE)) AS c${i}_nf`,
      );
    }
    if (kind === "string") {
      const v = `trim(${c})`;
      parts.push(
        `count(*) FILTER (WHERE regexp_full_match(${v}, '[+-]?[0-9]+')) AS c${i}_ti`,
        `count(TRY_CAST(${v} AS DOUBLE)) AS c${i}_tn`,
        `count(*) FILTER (WHERE lower(${v}) IN ${BOOLEAN_WORDS}) AS c${i}_tb`,
        `count(*) FILTER (WHERE regexp_full_match(${v}, '[0-9]{4}-[0-9]{2}-[0-9]{2}') AND TRY_CAST(${v} AS DATE) IS NOT NULL) AS c${i}_td`,
        `count(*) FILTER (WHERE regexp_matches(${v}, '^[0-9]{4}-[0-9]{2}-[0-9]{2}[ T][0-9]') AND TRY_CAST(${v} AS TIMESTAMP) IS NOT NULL) AS c${i}_tt`,
        `count(*) FILTER (WHERE regexp_matches(${v}, '^[+-]?0[0-9]')) AS c${i}_tz`,
      );
    }
  });
  const [row] = await ws.rowsJS(`SELECT ${parts.join(", ")} FROM ${relation}`);
  const num = (key: string) => (row?.[key] === null || row?.[key] === undefined ? null : Number(row[key]));
  const count = (key: string) => num(key) ?? 0;
  return {
    rowCount: count("n"),
    columns: columns.map((col, i) => {
      const kind = columnKind(col.type);
      return {
        name: col.name,
        type: col.type,
        kind,
        nonNull: count(`c${i}_nn`),
        distinct: count(`c${i}_d`),
        min: num(`c${i}_min`),
        max: num(`c${i}_max`),
        variance: num(`c${i}_var`),
        nonFinite: count(`c${i}_nf`),
        text:
          kind === "string"
            ? {
                integer: count(`c${i}_ti`),
                number: count(`c${i}_tn`),
                boolean: count(`c${i}_tb`),
                date: count(`c${i}_td`),
                timestamp: count(`c${i}_tt`),
                leadingZero: count(`c${i}_tz`),
              }
            : null,
      };
    }),
  };
}

export const isNumericKind = (kind: TColumnKind) => kind === "integer" || kind === "number";

/** True when nearly every non-NULL value is distinct (names, labels, keys). */
export const isUniqueish = (f: TColumnFacts) => f.nonNull > 0 && f.distinct >= 0.9 * f.nonNull;

/** Columns that identify rows rather than measure anything: named like ids, unique integers or unique text. */
export function isIdLike(f: TColumnFacts): boolean {
  const named = /^(id|uuid|guid|key|index|idx|row|rownum|row_number)$|(_id|Id|ID|_key|_uuid)$/.test(f.name);
  if (named && isUniqueish(f)) return true;
  if (f.kind === "integer" && f.nonNull > 1 && f.min !== null && f.max !== null) {
    // A dense run 0..n or 1..n of unique integers is a row number.
    return isUniqueish(f) && f.max - f.min + 1 === f.nonNull;
  }
  return false;
}

export const describeColumns = (facts: { name: string; type: string }[]) => facts.map((f) => `${f.name} (${f.type})`).join(", ");
