import type { Json } from "@duckdb/node-api";
import { jsonRows } from "../sample.ts";
import { ident, type Workspace } from "../workspace.ts";

/** Rows of `relation` whose `column` value another row also has. */
export const sharesValue = (relation: string, column: string) => {
  const c = ident(column);
  return `${c} IN (SELECT ${c} FROM ${relation} WHERE ${c} IS NOT NULL GROUP BY ALL HAVING count(*) > 1)`;
};

export type TDuplicates = { rows: number; values: number; example: { value: Json; rows: number } | null };

/** How many rows share their `column` value with another row, over how many values, and the most repeated one. */
export async function duplicateValues(ws: Workspace, relation: string, column: string): Promise<TDuplicates> {
  const c = ident(column);
  const [row] = await jsonRows(
    ws,
    `SELECT count(*) AS values, coalesce(sum(n), 0) AS rows, arg_max(v, n) AS example, max(n) AS example_rows
     FROM (SELECT ${c} AS v, count(*) AS n FROM ${relation} WHERE ${c} IS NOT NULL GROUP BY ALL HAVING count(*) > 1)`,
  );
  const values = Number(row?.values ?? 0);
  return {
    rows: Number(row?.rows ?? 0),
    values,
    example: values > 0 ? { value: row?.example ?? null, rows: Number(row?.example_rows) } : null,
  };
}

/**
 * Link rows whose `column` names no point: its value is not among the points' ids. Compared as
 * text, as Cosmograph matches link endpoints to point ids.
 */
export const danglingWhere = (column: string, points: { relation: string; id: string }) => {
  const id = ident(points.id);
  return `${ident(column)} IS NOT NULL AND CAST(${ident(column)} AS VARCHAR) NOT IN (SELECT CAST(${id} AS VARCHAR) FROM ${points.relation} WHERE ${id} IS NOT NULL)`;
};
