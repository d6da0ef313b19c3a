import { invalid } from "../../errors.ts";
import { ZOperationSchema, type TCastType, type TOperation } from "../../schemas/operations.ts";
import { ident, literal } from "../workspace.ts";

/** A plan compiled to one SELECT (a chain of CTEs, one per operation) over a source table. */
export type TCompiledPlan = {
  sql: string;
  /** The same rows in no particular order, for aggregates: sorting a large result costs more than scanning it. */
  unordered: string;
  /** Result columns, in order. */
  columns: string[];
  /** One query per cast, each returning `failed`: values that were not NULL and did not convert. */
  castChecks: { column: string; to: TCastType; sql: string }[];
};

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
    case "eq": return `${c} = ${scalar()}`;
    // Inequality keeps NULLs: "not X" reads as "anything but X" to a person filtering data.
    case "neq": return `${c} IS DISTINCT FROM ${scalar()}`;
    case "gt": return `${c} > ${scalar()}`;
    case "gte": return `${c} >= ${scalar()}`;
    case "lt": return `${c} < ${scalar()}`;
    case "lte": return `${c} <= ${scalar()}`;
    case "in": return `${c} IN ${list()}`;
    case "not_in": return `(${c} IS NULL OR ${c} NOT IN ${list()})`;
    case "is_null": return `${c} IS NULL`;
    case "not_null": return `${c} IS NOT NULL`;
    case "contains": return `contains(CAST(${c} AS VARCHAR), ${literal(String(single()))})`;
    case "finite": return `isfinite(TRY_CAST(${c} AS DOUBLE))`;
  }
}

const FILL: Record<"mean" | "median" | "mode", string> = { mean: "avg", median: "median", mode: "mode" };

/**
 * Compiles typed operations into SQL over `source.table`. A hidden ordinal column keeps the
 * original row order through every step (and is renumbered by `sort`), so results are stable.
 * Unknown columns fail here, naming the column and the columns available at that point.
 */
export function compileOperations(source: { table: string; columns: string[] }, operations: TOperation[]): TCompiledPlan {
  let cols = [...source.columns];
  let ord = "__aw_ord";
  while (cols.includes(ord)) ord = `_${ord}`;
  const o = ident(ord);
  const ctes: string[] = [`s0 AS (SELECT *, rowid AS ${o} FROM ${ident(source.table)})`];
  const castChecks: TCompiledPlan["castChecks"] = [];

  operations.forEach((raw, i) => {
    const parsed = ZOperationSchema.safeParse(raw);
    if (!parsed.success) throw invalid(`operation ${i + 1} (${raw.op}) is invalid: ${parsed.error.issues.map((x) => x.message).join("; ")}`);
    const op = parsed.data;
    const prev = `s${i}`;
    const check = (names: string[]) => {
      for (const name of names) {
        if (!cols.includes(name)) {
          throw invalid(`operation ${i + 1} (${op.op}): unknown column "${name}"; available columns: ${cols.join(", ") || "(none)"}`);
        }
      }
    };
    let body: string;
    switch (op.op) {
      case "select": {
        check(op.columns);
        cols = [...new Set(op.columns)];
        body = `SELECT ${[...cols.map(ident), o].join(", ")} FROM ${prev}`;
        break;
      }
      case "rename": {
        const mapping = op.mapping;
        check(Object.keys(mapping));
        const renamed = cols.map((c) => mapping[c] ?? c);
        const clash = renamed.find((c, j) => renamed.indexOf(c) !== j);
        if (clash) throw invalid(`operation ${i + 1} (rename): two columns would be named "${clash}"`);
        body = `SELECT ${[...cols.map((c, j) => (c === renamed[j] ? ident(c) : `${ident(c)} AS ${ident(renamed[j] ?? c)}`)), o].join(", ")} FROM ${prev}`;
        cols = renamed;
        break;
      }
      case "cast": {
        check([op.column]);
        const c = ident(op.column);
        const t = SQL_TYPES[op.to];
        castChecks.push({
          column: op.column,
          to: op.to,
          sql: `WITH ${ctes.join(",\n")}\nSELECT count(*) AS failed FROM ${prev} WHERE ${c} IS NOT NULL AND TRY_CAST(${c} AS ${t}) IS NULL`,
        });
        body = `SELECT * REPLACE (TRY_CAST(${c} AS ${t}) AS ${c}) FROM ${prev}`;
        break;
      }
      case "filter": {
        check([op.column]);
        body = `SELECT * FROM ${prev} WHERE ${filterPredicate(op)}`;
        break;
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
        body = `SELECT * REPLACE (${fills.join(", ")}) FROM ${prev}`;
        break;
      }
      case "drop_nulls": {
        const names = op.columns ?? cols;
        check(names);
        const where =
          op.how === "all"
            ? names.map((n) => `${ident(n)} IS NOT NULL`).join(" OR ")
            : names.map((n) => `${ident(n)} IS NOT NULL`).join(" AND ");
        body = names.length ? `SELECT * FROM ${prev} WHERE ${where}` : `SELECT * FROM ${prev}`;
        break;
      }
      case "dedupe": {
        const names = op.columns ?? cols;
        check(names);
        body = names.length
          ? `SELECT * FROM ${prev} QUALIFY row_number() OVER (PARTITION BY ${names.map(ident).join(", ")} ORDER BY ${o}) = 1`
          : `SELECT * FROM ${prev}`;
        break;
      }
      case "derive": {
        const c = ident(op.column);
        if (cols.includes(op.column)) {
          body = `SELECT * REPLACE ((${op.expression}) AS ${c}) FROM ${prev}`;
        } else {
          body = `SELECT *, (${op.expression}) AS ${c} FROM ${prev}`;
          cols = [...cols, op.column];
        }
        break;
      }
      case "sort": {
        check(op.by.map((b) => b.column));
        const keys = op.by.map((b) => `${ident(b.column)} ${b.direction === "desc" ? "DESC" : "ASC"}`);
        body = `SELECT * REPLACE (row_number() OVER (ORDER BY ${[...keys, o].join(", ")}) AS ${o}) FROM ${prev}`;
        break;
      }
      case "limit": {
        body = `SELECT * FROM ${prev} ORDER BY ${o} LIMIT ${op.count}`;
        break;
      }
    }
    ctes.push(`s${i + 1} AS (${body})`);
  });

  const last = `s${operations.length}`;
  const selectList = cols.length ? cols.map(ident).join(", ") : "*";
  const select = `WITH ${ctes.join(",\n")}\nSELECT ${selectList} FROM ${last}`;
  return { sql: `${select} ORDER BY ${o}`, unordered: select, columns: cols, castChecks };
}
