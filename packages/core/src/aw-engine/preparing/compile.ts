import { invalid } from "../../errors.ts";
import { ZOperationSchema, type TCastType, type TOperation } from "../../schemas/operations.ts";

import { guardExpression } from "../sql-guard.ts";
import { ident, literal, type Workspace } from "../workspace.ts";

type TParsed = ReturnType<typeof ZOperationSchema.parse>;

/** A plan compiled to one SELECT (a chain of CTEs, one per operation) over a source table. */
export type TCompiledPlan = {
  sql: string;
  /** The same rows in no particular order, for aggregates: sorting a large result costs more than scanning it. */
  unordered: string;
  /** Result columns, in order. */
  columns: string[];
};

/**
 * Hidden columns every stage carries: `ord` is the row's position (renumbered by `sort`), `rid`
 * the source row it came from (never changes), so a stage can be compared with the one before.
 */
export type THidden = { ord: string; rid: string };

const SQL_TYPES: Record<TCastType, string> = {
  integer: "INTEGER",
  bigint: "BIGINT",
  double: "DOUBLE",
  varchar: "VARCHAR",
  boolean: "BOOLEAN",
  date: "DATE",
  timestamp: "TIMESTAMP",
};

type TFilter = Extract<TOperation, { op: "filter" }>;
type TValue = NonNullable<TFilter["value"]>;

function sqlValue(value: string | number | boolean): string {
  if (typeof value === "string") return literal(value);
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (!Number.isFinite(value)) throw invalid(`filter value ${value} is not a finite number`);
  return String(value);
}

function filterPredicate(op: TFilter): string {
  const c = ident(op.column);
  const need = (): TValue => {
    if (op.value === undefined) throw invalid(`filter "${op.operator}" on "${op.column}" needs a value`);
    return op.value;
  };
  const single = () => {
    const v = need();
    if (Array.isArray(v)) throw invalid(`filter "${op.operator}" on "${op.column}" needs a single value, not a list`);
    return v;
  };
  const scalar = () => sqlValue(single());
  const list = () => {
    const v = need();
    const items = Array.isArray(v) ? v : [v];
    if (items.length === 0) throw invalid(`filter "${op.operator}" on "${op.column}" needs at least one value`);
    return `(${items.map(sqlValue).join(", ")})`;
  };
  switch (op.operator) {
    case "eq":
      return `${c} = ${scalar()}`;
    // Inequality keeps NULLs: "not X" reads as "anything but X" to a person filtering data.
    case "neq":
      return `${c} IS DISTINCT FROM ${scalar()}`;
    case "gt":
      return `${c} > ${scalar()}`;
    case "gte":
      return `${c} >= ${scalar()}`;
    case "lt":
      return `${c} < ${scalar()}`;
    case "lte":
      return `${c} <= ${scalar()}`;
    case "in":
      return `${c} IN ${list()}`;
    case "not_in":
      return `(${c} IS NULL OR ${c} NOT IN ${list()})`;
    case "is_null":
      return `${c} IS NULL`;
    case "not_null":
      return `${c} IS NOT NULL`;
    case "contains":
      return `contains(CAST(${c} AS VARCHAR), ${literal(String(single()))})`;
    case "finite":
      return `isfinite(TRY_CAST(${c} AS DOUBLE))`;
  }
}

const FILL: Record<"mean" | "median" | "mode", string> = { mean: "avg", median: "median", mode: "mode" };

/** A free column name: `base`, else `base_2`, `base_3` … */
export function freeName(base: string, taken: string[]): string {
  const lower = new Set(taken.map((c) => c.toLowerCase()));
  let name = base;
  for (let n = 2; lower.has(name.toLowerCase()); n++) name = `${base}_${n}`;
  return name;
}

/** The hidden column names for a table with these columns (never clashing with them). */
export function hiddenColumns(columns: string[]): THidden {
  return { ord: freeName("__aw_ord", columns), rid: freeName("__aw_rid", columns) };
}

/** Parses one operation of a plan, naming it by its position when it is invalid. */
export function parseOperation(raw: TOperation, i: number): TParsed {
  const parsed = ZOperationSchema.safeParse(raw);
  if (!parsed.success) throw invalid(`operation ${i + 1} (${raw.op}) is invalid: ${parsed.error.issues.map((x) => x.message).join("; ")}`);
  return parsed.data;
}

/** One operation as SQL over the relation before it; `where` is set for an operation that only keeps the rows passing it. */
export type TCompiledOperation = { body: string; columns: string[]; where?: string };

/**
 * Compiles operation `i` into a SELECT over relation `prev` whose visible columns are `cols`.
 * Unknown columns fail here, naming the column and the columns available at that point.
 */
export function compileOperation(op: TParsed, i: number, prev: string, cols: string[], hidden: THidden): TCompiledOperation {
  const o = ident(hidden.ord);
  const check = (names: string[]) => {
    for (const name of names) {
      if (!cols.includes(name))
        throw invalid(`operation ${i + 1} (${op.op}): unknown column "${name}"; available columns: ${cols.join(", ") || "(none)"}`);
    }
  };
  switch (op.op) {
    case "select": {
      check(op.columns);
      const columns = [...new Set(op.columns)];
      return { body: `SELECT ${[...columns.map(ident), o, ident(hidden.rid)].join(", ")} FROM ${prev}`, columns };
    }
    case "rename": {
      const mapping = op.mapping;
      check(Object.keys(mapping));
      const renamed = cols.map((c) => mapping[c] ?? c);
      const clash = renamed.find((c, j) => renamed.findIndex((d) => d.toLowerCase() === c.toLowerCase()) !== j);
      if (clash) throw invalid(`operation ${i + 1} (rename): two columns would be named "${clash}"`);
      const list = cols.map((c, j) => (c === renamed[j] ? ident(c) : `${ident(c)} AS ${ident(renamed[j] ?? c)}`));
      return { body: `SELECT ${[...list, o, ident(hidden.rid)].join(", ")} FROM ${prev}`, columns: renamed };
    }
    case "cast": {
      check([op.column]);
      const c = ident(op.column);
      return { body: `SELECT * REPLACE (TRY_CAST(${c} AS ${SQL_TYPES[op.to]}) AS ${c}) FROM ${prev}`, columns: cols };
    }
    case "filter": {
      check([op.column]);
      const where = filterPredicate(op);
      return { body: `SELECT * FROM ${prev} WHERE ${where}`, columns: cols, where };
    }
    case "fill_nulls": {
      check(op.columns);
      const fills = op.columns.map((name) => {
        const c = ident(name);
        let fill: string;
        if (op.strategy === "constant") {
          if (op.value === undefined) throw invalid(`fill_nulls on "${name}" with strategy "constant" needs a value`);
          fill = sqlValue(op.value);
        } else if (op.strategy === "zero") {
          fill = "0";
        } else {
          fill = `(SELECT ${FILL[op.strategy]}(${c}) FROM ${prev})`;
        }
        return `COALESCE(${c}, ${fill}) AS ${c}`;
      });
      let columns = cols;
      const indicators: string[] = [];
      if (op.indicator) {
        for (const name of op.columns) {
          const flag = freeName(`${name}_was_missing`, columns);
          indicators.push(`${ident(name)} IS NULL AS ${ident(flag)}`);
          columns = [...columns, flag];
        }
      }
      return { body: `SELECT * REPLACE (${fills.join(", ")})${indicators.map((x) => `, ${x}`).join("")} FROM ${prev}`, columns };
    }
    case "drop_nulls": {
      const names = op.columns ?? cols;
      check(names);
      if (!names.length) return { body: `SELECT * FROM ${prev}`, columns: cols };
      const where = names.map((n) => `${ident(n)} IS NOT NULL`).join(op.how === "all" ? " OR " : " AND ");
      return { body: `SELECT * FROM ${prev} WHERE ${where}`, columns: cols, where };
    }
    case "dedupe": {
      const names = op.columns ?? cols;
      check(names);
      const body = names.length
        ? `SELECT * FROM ${prev} QUALIFY row_number() OVER (PARTITION BY ${names.map(ident).join(", ")} ORDER BY ${o}) = 1`
        : `SELECT * FROM ${prev}`;
      return { body, columns: cols };
    }
    case "derive": {
      const c = ident(op.column);
      if (cols.includes(op.column)) return { body: `SELECT * REPLACE ((${op.expression}) AS ${c}) FROM ${prev}`, columns: cols };
      return { body: `SELECT *, (${op.expression}) AS ${c} FROM ${prev}`, columns: [...cols, op.column] };
    }
    case "sort": {
      check(op.by.map((b) => b.column));
      const keys = op.by.map((b) => `${ident(b.column)} ${b.direction === "desc" ? "DESC" : "ASC"}`);
      return { body: `SELECT * REPLACE (row_number() OVER (ORDER BY ${[...keys, o].join(", ")}) AS ${o}) FROM ${prev}`, columns: cols };
    }
    case "limit":
      return { body: `SELECT * FROM ${prev} ORDER BY ${o} LIMIT ${op.count}`, columns: cols };
    case "normalize_text": {
      check(op.columns);
      const words = op.nullWords.map((w) => literal(w.trim().toLowerCase()));
      const replace = op.columns.map((name) => {
        const c = ident(name);
        const text = op.trim ? `trim(${c})` : c;
        const isWord = words.length ? `lower(trim(${c})) IN (${words.join(", ")})` : "false";
        return `CASE WHEN ${isWord} THEN NULL ELSE ${text} END AS ${c}`;
      });
      return { body: `SELECT * REPLACE (${replace.join(", ")}) FROM ${prev}`, columns: cols };
    }
    case "bucket": {
      check([op.column]);
      const c = ident(op.column);
      const keep = op.keep.length ? `${c} IN (${op.keep.map(sqlValue).join(", ")})` : "false";
      return {
        body: `SELECT * REPLACE (CASE WHEN ${c} IS NULL OR ${keep} THEN ${c} ELSE ${literal(op.other)} END AS ${c}) FROM ${prev}`,
        columns: cols,
      };
    }
  }
}

/** Checks every derive expression of a plan with DuckDB's parser before any of it runs (see sql-guard.ts). */
export async function guardPlan(ws: Workspace, operations: TOperation[]): Promise<void> {
  for (const [i, op] of operations.entries()) {
    if (op.op === "derive") await guardExpression(ws, op.expression, `operation ${i + 1} (derive "${op.column}")`);
  }
}

/**
 * Compiles typed operations into SQL over `source.table`. The hidden ordinal keeps the original
 * row order through every step (and is renumbered by `sort`), so results are stable.
 */
export function compileOperations(source: { table: string; columns: string[] }, operations: TOperation[]): TCompiledPlan {
  let cols = [...source.columns];
  const hidden = hiddenColumns(cols);
  const ctes: string[] = [`s0 AS (SELECT *, rowid AS ${ident(hidden.ord)}, rowid AS ${ident(hidden.rid)} FROM ${ident(source.table)})`];
  operations.forEach((raw, i) => {
    const compiled = compileOperation(parseOperation(raw, i), i, `s${i}`, cols, hidden);
    cols = compiled.columns;
    ctes.push(`s${i + 1} AS (${compiled.body})`);
  });
  const selectList = cols.length ? cols.map(ident).join(", ") : "*";
  const select = `WITH ${ctes.join(",\n")}\nSELECT ${selectList} FROM s${operations.length}`;
  return { sql: `${select} ORDER BY ${ident(hidden.ord)}`, unordered: select, columns: cols };
}
