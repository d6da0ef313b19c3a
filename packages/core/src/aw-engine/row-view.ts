import type { DuckDBValue } from "@duckdb/node-api";
import { invalid } from "../errors.ts";
import type { TRowView } from "../schemas/row-view.ts";
import { ident } from "./workspace.ts";

/**
 * A row view as SQL clauses over a table's columns: every column is checked against the table and
 * quoted as an identifier, every value is a bound parameter ($1, $2…), so nothing a user typed is
 * ever read as SQL.
 */
export function compileRowView(
  view: TRowView,
  columns: readonly { name: string }[],
): { where: string; orderBy: string; params: DuckDBValue[] } {
  const known = new Set(columns.map((c) => c.name));
  const column = (name: string) => {
    if (!known.has(name)) throw invalid(`no column named ${JSON.stringify(name)} in this table`, { column: "unknown column" });
    return ident(name);
  };
  const params: DuckDBValue[] = [];
  const bind = (value: string | number) => {
    params.push(value);
    return `$${params.length}`;
  };
  const conditions = view.filters.map((f) => {
    const col = column(f.column);
    if (f.op === "is_null") return `${col} IS NULL`;
    if (f.op === "not_null") return `${col} IS NOT NULL`;
    if (f.value === undefined || f.value === "") throw invalid(`the ${f.op} filter on ${f.column} needs a value`, { value: "required" });
    const text = String(f.value);
    switch (f.op) {
      case "contains":
        return `contains(lower(CAST(${col} AS VARCHAR)), lower(${bind(text)}))`;
      case "equals":
        return `CAST(${col} AS VARCHAR) = ${bind(text)}`;
      case "gt":
      case "lt": {
        const n = Number(f.value);
        if (!Number.isFinite(n))
          throw invalid(`the ${f.op === "gt" ? ">" : "<"} filter on ${f.column} needs a number`, { value: "not a number" });
        return `TRY_CAST(${col} AS DOUBLE) ${f.op === "gt" ? ">" : "<"} ${bind(n)}`;
      }
    }
  });
  const order = view.sort.map((s) => `${column(s.column)} ${s.desc ? "DESC" : "ASC"} NULLS LAST`);
  return {
    where: conditions.length ? `WHERE ${conditions.join(" AND ")}` : "",
    orderBy: order.length ? `ORDER BY ${order.join(", ")}` : "",
    params,
  };
}
