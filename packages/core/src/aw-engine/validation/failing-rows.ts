import { jsonRows } from "../sample.ts";
import { ident, type Workspace } from "../workspace.ts";
import { MAX_EXAMPLES, type TValidationFailure } from "./types.ts";

/** Counts the rows of `table` matching `where` and returns the first few as examples. */
export async function failingRows(ws: Workspace, table: string, where: string): Promise<Pick<TValidationFailure, "count" | "examples">> {
  const [row] = await ws.rowsJS(`SELECT count(*) AS n FROM ${ident(table)} WHERE ${where}`);
  const count = Number(row?.n ?? 0);
  const examples = count > 0 ? await jsonRows(ws, `SELECT * FROM ${ident(table)} WHERE ${where} LIMIT ${MAX_EXAMPLES}`) : [];
  return { count, examples };
}
