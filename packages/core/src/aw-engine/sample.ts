import {
  DuckDBBlobValue,
  DuckDBDecimalValue,
  DuckDBTypeId,
  JsonDuckDBValueConverter,
  type DuckDBValue,
  type DuckDBValueConverter,
  type Json,
} from "@duckdb/node-api";
import type { TColumnInfo, TLoadingOptions } from "./loading/types.ts";
import { loadTable } from "./loading/load-table.ts";
import type { TRowView } from "../schemas/row-view.ts";
import { compileRowView } from "./row-view.ts";
import { ident, withWorkspace, type Workspace } from "./workspace.ts";

export type TJsonRow = Record<string, Json>;
export type TSample = { columns: TColumnInfo[]; rows: TJsonRow[]; total: number };

const BLOB_PREVIEW_BYTES = 64;

const integerToJson = (value: bigint): Json =>
  value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : String(value);

/**
 * DuckDB's JSON converter, adjusted for API payloads: integers stay numbers while exact,
 * timestamps read as ISO 8601, blobs become a base64 preview.
 */
export const toJsonValue: DuckDBValueConverter<Json> = (value, type, converter) => {
  if (value === null) return null;
  switch (type.typeId) {
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UHUGEINT:
      return typeof value === "bigint" ? integerToJson(value) : JsonDuckDBValueConverter(value, type, converter);
    case DuckDBTypeId.DECIMAL: {
      if (!(value instanceof DuckDBDecimalValue)) return String(value);
      const n = value.toDouble();
      // A double holds 15 significant digits exactly; wider decimals stay strings.
      return value.width <= 15 ? n : String(value);
    }
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_S:
    case DuckDBTypeId.TIMESTAMP_MS:
    case DuckDBTypeId.TIMESTAMP_NS:
    case DuckDBTypeId.TIMESTAMP_TZ:
      return String(value).replace(" ", "T");
    case DuckDBTypeId.BLOB: {
      if (!(value instanceof DuckDBBlobValue)) return String(value);
      const bytes = value.bytes;
      const preview = Buffer.from(bytes.subarray(0, BLOB_PREVIEW_BYTES)).toString("base64");
      return bytes.length > BLOB_PREVIEW_BYTES ? `base64:${preview}… (${bytes.length} bytes)` : `base64:${preview}`;
    }
    default:
      return JsonDuckDBValueConverter(value, type, converter);
  }
};

/** Runs a query (with bound `params`, if any) and returns its rows as JSON-safe objects (no BigInt, NaN or Infinity numbers). */
export async function jsonRows(ws: Workspace, sql: string, params: DuckDBValue[] = []): Promise<TJsonRow[]> {
  const reader = await ws.connection.runAndReadAll(sql, params);
  return reader.convertRowObjects(toJsonValue);
}

/** The table's columns with their DuckDB types, in table order. */
export async function tableColumns(ws: Workspace, table: string): Promise<TColumnInfo[]> {
  const rows = await ws.rowsJS(`DESCRIBE ${ident(table)}`);
  return rows.map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
}

/** How many rows the table holds. */
export async function tableRowCount(ws: Workspace, table: string): Promise<number> {
  const [row] = await ws.rowsJS(`SELECT count(*) AS n FROM ${ident(table)}`);
  return Number(row?.n ?? 0);
}

/**
 * A page of rows from a table, JSON-safe, plus the total row count — of the rows the view's filters
 * keep, in the view's order (ties keep the table's order, so pages do not overlap).
 */
export async function sampleTable(
  ws: Workspace,
  table: string,
  page: { limit: number; offset?: number },
  view: TRowView = { sort: [], filters: [] },
): Promise<TSample> {
  const limit = Math.max(0, Math.floor(page.limit));
  const offset = Math.max(0, Math.floor(page.offset ?? 0));
  const columns = await tableColumns(ws, table);
  const { where, orderBy, params } = compileRowView(view, columns);
  const [counted] = where ? await jsonRows(ws, `SELECT count(*) AS n FROM ${ident(table)} ${where}`, params) : [];
  const total = counted ? Number(counted.n) : await tableRowCount(ws, table);
  const source = `SELECT *, row_number() OVER () AS __aw_position FROM ${ident(table)} ${where}`;
  const rows = orderBy
    ? await jsonRows(
        ws,
        `SELECT * EXCLUDE (__aw_position) FROM (${source}) ${orderBy}, __aw_position LIMIT ${limit} OFFSET ${offset}`,
        params,
      )
    : await jsonRows(ws, `SELECT * FROM ${ident(table)} ${where} LIMIT ${limit} OFFSET ${offset}`, params);
  return { columns, rows, total };
}

export type TSampleFileInput = {
  path: string;
  filename: string;
  memoryLimit: string;
  limit: number;
  offset?: number;
  options?: TLoadingOptions;
  threads?: number;
  signal?: AbortSignal;
};

/** Loads a file into a throwaway workspace and returns a page of its rows. */
export async function sampleFile(input: TSampleFileInput): Promise<TSample> {
  return withWorkspace({ memoryLimit: input.memoryLimit, threads: input.threads, signal: input.signal }, async (ws) => {
    await loadTable(ws, { path: input.path, filename: input.filename, options: input.options, table: "data" });
    return sampleTable(ws, "data", { limit: input.limit, offset: input.offset });
  });
}
