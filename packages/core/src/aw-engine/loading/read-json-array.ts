import fs from "node:fs/promises";
import { tableColumns, tableRowCount } from "../sample.ts";
import { ident, type Workspace } from "../workspace.ts";
import { loadingLedger } from "./column-changes.ts";
import { readJson } from "./read-json.ts";
import { refineColumns } from "./refine-columns.ts";
import type { TLoadParams, TLoadResult } from "./types.ts";

/** DuckDB reads a JSON document as one value: its size limit must cover the whole (decompressed) file. */
const DOCUMENT_SIZE_FACTOR = { none: 2, gzip: 20 };

/**
 * Loads the record array at `path` (e.g. `links` of `{nodes, links}`) of a JSON document into
 * `table`, with the same column fixes as the loading step (plain text for mixed fields, dates).
 */
export async function readJsonArray(
  ws: Workspace,
  table: string,
  file: string,
  path: string,
): Promise<Pick<TLoadResult, "tableInfo" | "params" | "warnings" | "ledger">> {
  const local = await ws.adopt(file);
  const head = Buffer.alloc(2);
  const handle = await fs.open(local);
  const { size } = await handle.stat();
  await handle.read(head, 0, 2, 0).finally(() => handle.close());
  const compression = head[0] === 0x1f && head[1] === 0x8b ? "gzip" : "none";
  const params: TLoadParams = {
    format: "json",
    compression,
    encoding: "utf-8",
    jsonPath: path,
    maximumObjectSize: Math.max(16 * 2 ** 20, Math.min(2 ** 31 - 1, size * DOCUMENT_SIZE_FACTOR[compression])),
  };
  try {
    const read = await readJson(ws, table, { path: local, compression }, params, true);
    const changes = await refineColumns(ws, table, params);
    const columns = await tableColumns(ws, table);
    const rows = await tableRowCount(ws, table);
    return {
      tableInfo: { table, rowCount: rows, columnCount: columns.length, columns },
      params,
      warnings: [...read.warnings, ...changes.flatMap((c) => c.warnings)],
      ledger: loadingLedger({ rowsOut: rows, renamed: [], changes }),
    };
  } catch (error) {
    await ws.run(`DROP TABLE IF EXISTS ${ident(table)}`);
    throw error;
  }
}
