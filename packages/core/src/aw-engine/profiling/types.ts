import type { Json } from "@duckdb/node-api";
import type { TColumnInfo } from "../loading/types.ts";

/** A coarse type family the UI and the agents reason about. */
export type TColumnKind = "integer" | "number" | "string" | "boolean" | "date" | "timestamp" | "other";

export type TColumnProfile = {
  name: string;
  /** DuckDB type, e.g. BIGINT, DOUBLE, VARCHAR, DATE. */
  type: string;
  kind: TColumnKind;
  nullCount: number;
  nullFraction: number;
  /** Exact up to 100k rows, approximate (HyperLogLog) beyond. */
  distinctCount: number;
  distinctExact: boolean;
  min: Json;
  max: Json;
  mean: number | null;
  std: number | null;
  /** Quartiles of numeric, date and timestamp columns: exact up to 100k rows, else from a ~100k-row block sample. */
  quantiles: { p25: Json; p50: Json; p75: Json } | null;
  topValues: { value: Json; count: number }[];
  /** Equal-width bins over the finite [min, max] of numeric columns, right-closed (the first also holds min); counts sum to the finite non-null count. */
  histogram: { start: number; end: number; count: number }[] | null;
};

export type TProfile = {
  table: { rowCount: number; columnCount: number };
  columns: TColumnProfile[];
};

export type TQuickProfile = { rowCount: number; columnCount: number; columns: TColumnInfo[] };

export type TProfileOptions = { histogramBins?: number; topValues?: number };
