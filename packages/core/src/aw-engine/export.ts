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

/** Why a run that holds points and links cannot be exported in `format`, or null: only a JSON document keeps both. */
export function linksExportProblem(format: TExportFormat): string | null {
  return format === "json"
    ? null
    : `this run holds points and links: export as json to keep both, or load one array with jsonPath (${format} holds one table)`;
}

/**
 * Writes a table to a local file with DuckDB `COPY`; JSON is one array of records, JSONL one record
 * a line. With `links`, the points and their links as one JSON document `{"nodes": [...], "links": [...]}`.
 */
export async function exportTable(
  ws: Workspace,
  table: string,
  target: { format: TExportFormat; path: string; links?: string },
): Promise<TExportResult> {
  const problem = target.links ? linksExportProblem(target.format) : null;
  if (problem) throw new Error(problem);
  // A new file each time: storage may hold an earlier export of this path as a link to the same bytes.
  await fs.rm(target.path, { force: true });
  if (target.links) {
    // One row of two lists, in row order, written as one JSON object.
    const rows = (t: string) => `coalesce((SELECT list(r ORDER BY r.rowid) FROM ${ident(t)} r), [])`;
    await ws.run(`COPY (SELECT ${rows(table)} AS nodes, ${rows(target.links)} AS links) TO ${literal(target.path)} (FORMAT json)`);
  } else {
    await ws.run(`COPY ${ident(table)} TO ${literal(target.path)} (${COPY_OPTIONS[target.format]})`);
  }
  const { size } = await fs.stat(target.path);
  return { path: target.path, format: target.format, contentType: EXPORT_CONTENT_TYPES[target.format], sizeBytes: size };
}
