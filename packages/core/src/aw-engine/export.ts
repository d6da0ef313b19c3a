import fs from "node:fs/promises";
import type { EXPORT_FORMATS } from "../schemas/workflow.ts";
import { ident, literal, type Workspace } from "./workspace.ts";

export type TExportFormat = (typeof EXPORT_FORMATS)[number];
export type TExportResult = { path: string; format: TExportFormat; contentType: string; sizeBytes: number };

const COPY_OPTIONS: Record<TExportFormat, string> = {
  csv: "FORMAT csv, HEADER true",
  parquet: "FORMAT parquet, COMPRESSION zstd",
  json: "FORMAT json, ARRAY true",
  jsonl: "FORMAT json",
};

export const EXPORT_CONTENT_TYPES: Record<TExportFormat, string> = {
  csv: "text/csv",
  parquet: "application/vnd.apache.parquet",
  json: "application/json",
  jsonl: "application/x-ndjson",
};

export const EXPORT_EXTENSIONS: Record<TExportFormat, string> = { csv: ".csv", parquet: ".parquet", json: ".json", jsonl: ".jsonl" };

/** Writes a table to a local file with DuckDB `COPY`; JSON is one array of records, JSONL one record a line. */
export async function exportTable(ws: Workspace, table: string, target: { format: TExportFormat; path: string }): Promise<TExportResult> {
  // A new file each time: storage may hold an earlier export of this path as a link to the same bytes.
  await fs.rm(target.path, { force: true });
  await ws.run(`COPY ${ident(table)} TO ${literal(target.path)} (${COPY_OPTIONS[target.format]})`);
  const { size } = await fs.stat(target.path);
  return { path: target.path, format: target.format, contentType: EXPORT_CONTENT_TYPES[target.format], sizeBytes: size };
}
