import type { TColumnKind } from "./profiling/types.ts";

/** Maps a DuckDB type name (e.g. `DECIMAL(10,2)`, `TIMESTAMP WITH TIME ZONE`) to its coarse kind. */
export function columnKind(duckType: string): TColumnKind {
  const t = duckType.toUpperCase();
  if (/^U?(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT)$/.test(t)) return "integer";
  if (/^(FLOAT|DOUBLE|REAL|DECIMAL)/.test(t)) return "number";
  if (t === "VARCHAR" || t.startsWith("VARCHAR(")) return "string";
  if (t === "BOOLEAN") return "boolean";
  if (t === "DATE") return "date";
  if (t.startsWith("TIMESTAMP")) return "timestamp";
  return "other";
}

export const isNumericKind = (kind: TColumnKind) => kind === "integer" || kind === "number";
