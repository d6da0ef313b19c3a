import { tableColumns } from "../sample.ts";
import type { Workspace } from "../workspace.ts";
import type { TColumnChanges } from "./column-changes.ts";
import { parseDateColumns } from "./date-columns.ts";
import { plainJsonColumns } from "./json-columns.ts";
import type { TLoadParams } from "./types.ts";

/** Formats whose readers leave dates they do not recognise as text. */
const TEXT_DATE_FORMATS = new Set<TLoadParams["format"]>(["csv", "json", "jsonl", "xlsx"]);

/**
 * Fixes what a reader's type inference left wrong, after the read: JSON fields typed as DuckDB's
 * JSON become plain text, and text columns that hold only dates become DATE/TIMESTAMP (the
 * formats chosen go to `params.dateFormats`). Returns what each pass changed.
 */
export async function refineColumns(ws: Workspace, table: string, params: TLoadParams): Promise<TColumnChanges[]> {
  const changes: TColumnChanges[] = [];
  if (params.format === "json" || params.format === "jsonl") changes.push(await plainJsonColumns(ws, table));
  if (TEXT_DATE_FORMATS.has(params.format)) {
    const dateFormats: Record<string, string> = {};
    changes.push(await parseDateColumns(ws, table, await tableColumns(ws, table), dateFormats));
    if (Object.keys(dateFormats).length) params.dateFormats = dateFormats;
  }
  return changes;
}
