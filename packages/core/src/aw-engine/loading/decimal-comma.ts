import { ident, type Workspace } from "../workspace.ts";
import type { TColumnInfo } from "./types.ts";

const COMMA_DECIMAL = String.raw`'[-+]?\d+,\d+'`;

/**
 * Warns about text columns that are numbers but for a few values written with a decimal comma
 * (`1,05` among `0.5`s): the file was read with `.` decimals, so those values do not parse and
 * keep their column as text. Says how many there are and shows one.
 */
export async function reportDecimalCommas(ws: Workspace, table: string, columns: TColumnInfo[]): Promise<string[]> {
  const text = columns.filter((c) => c.type === "VARCHAR").map((c) => c.name);
  if (!text.length) return [];
  const exprs = text.flatMap((name, i) => {
    const value = `trim(${ident(name)})`;
    const comma = `regexp_full_match(${value}, ${COMMA_DECIMAL})`;
    return [
      `count(*) FILTER (${comma}) AS comma${i}`,
      `min(${value}) FILTER (${comma}) AS example${i}`,
      `count(*) FILTER (NOT ${comma} AND TRY_CAST(${value} AS DOUBLE) IS NULL AND ${value} <> '') AS other${i}`,
      `count(${ident(name)}) AS n${i}`,
    ];
  });
  const [row] = await ws.rowsJS(`SELECT ${exprs.join(", ")} FROM ${ident(table)}`);
  return text.flatMap((name, i) => {
    const comma = Number(row?.[`comma${i}`]);
    if (!comma || Number(row?.[`other${i}`]) > 0) return [];
    const n = Number(row?.[`n${i}`]);
    return [
      `column "${name}" stays text: ${comma} of ${n} values use a decimal comma (e.g. "${String(row?.[`example${i}`])}") and do not parse as numbers with "." decimals`,
    ];
  });
}
