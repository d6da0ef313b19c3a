import { invalid } from "../errors.ts";
import { literal, type Workspace } from "./workspace.ts";

/**
 * User SQL (derive expressions, SQL assertions) is parsed by DuckDB's own parser
 * (`json_serialize_sql`) and every node of the tree checked against an allow-list, so a text
 * check cannot be bypassed by another spelling (e.g. the FROM-first subquery `(FROM t SELECT x)`).
 */

/** Scalar and aggregate functions that read the server, the session or the catalog, or stall a worker. */
const DENIED_FUNCTIONS = new Set([
  "current_setting",
  "current_database",
  "current_schema",
  "current_schemas",
  "current_catalog",
  "current_query",
  "current_query_id",
  "current_user",
  "current_role",
  "current_connection_id",
  "current_transaction_id",
  "user",
  "session_user",
  "version",
  "getenv",
  "getvariable",
  "txid_current",
  "nextval",
  "currval",
  "in_search_path",
  "get_block_size",
  "stats",
  "sleep_ms",
  "pg_sleep",
]);
const DENIED_PREFIXES = ["pg_", "has_", "duckdb_", "pragma_", "read_", "glob"];

/** Expression kinds (`class` in the serialized tree) an expression may contain. */
const EXPRESSION_CLASSES = new Set([
  "CONSTANT",
  "COLUMN_REF",
  "FUNCTION",
  "OPERATOR",
  "COMPARISON",
  "CONJUNCTION",
  "CASE",
  "CAST",
  "BETWEEN",
  "LAMBDA",
  "WINDOW",
  "COLLATE",
]);
/** Kinds of the other nodes (`type`) inside an expression: ordering in aggregates and windows. */
const EXPRESSION_PARTS = new Set(["ORDER_MODIFIER", "ORDER_DEFAULT", "ASCENDING", "DESCENDING"]);
/** What a query may add: subqueries, star, query nodes, joins and its own tables (checked by name), VALUES, modifiers. */
const QUERY_CLASSES = new Set([...EXPRESSION_CLASSES, "SUBQUERY", "STAR"]);
const QUERY_PARTS = new Set([
  ...EXPRESSION_PARTS,
  "SELECT_NODE",
  "SET_OPERATION_NODE",
  "CTE_NODE",
  "BASE_TABLE",
  "JOIN",
  "EMPTY",
  "SUBQUERY",
  "EXPRESSION_LIST",
  "LIMIT_MODIFIER",
  "LIMIT_PERCENT_MODIFIER",
  "DISTINCT_MODIFIER",
]);

type TNode = Record<string, unknown>;
/** A name from the parsed AST: a string there; anything else is shown as JSON rather than "[object Object]". */
const nameText = (v: unknown): string => (typeof v === "string" ? v : (JSON.stringify(v) ?? ""));
type TRules = { classes: Set<string>; parts: Set<string>; functions: Set<string>; tables: Set<string> };

let allowedFunctions: Promise<Set<string>> | undefined;

/** DuckDB's own scalar, aggregate and macro functions, less those that read server or catalog state. */
function functionAllowList(ws: Workspace): Promise<Set<string>> {
  allowedFunctions ??= ws
    .rows(
      "SELECT DISTINCT lower(function_name) AS name FROM duckdb_functions() WHERE schema_name = 'main' AND function_type IN ('scalar', 'aggregate', 'macro')",
    )
    .then(
      (rows) =>
        new Set(
          rows.map((r) => String(r.name)).filter((name) => !DENIED_FUNCTIONS.has(name) && !DENIED_PREFIXES.some((p) => name.startsWith(p))),
        ),
    )
    .catch((err: unknown) => {
      allowedFunctions = undefined;
      throw err;
    });
  return allowedFunctions;
}

/** The parsed statements of `sql`, or an INVALID error with DuckDB's parser message. */
async function parse(ws: Workspace, sql: string, what: string): Promise<TNode[]> {
  const [row] = await ws.rows(`SELECT json_serialize_sql(${literal(sql)}) AS tree`);
  const tree = JSON.parse(String(row?.tree)) as { error: boolean; error_message?: string; statements?: { node: TNode }[] };
  if (tree.error) throw invalid(`${what} does not parse: ${tree.error_message}`);
  return (tree.statements ?? []).map((s) => s.node);
}

/** Why `node` (and everything under it) breaks the rules, or null. */
function violation(node: unknown, rules: TRules): string | null {
  if (Array.isArray(node)) {
    for (const child of node) {
      const found = violation(child, rules);
      if (found) return found;
    }
    return null;
  }
  if (typeof node !== "object" || node === null) return null;
  const n = node as TNode;
  const found = typeof n.class === "string" ? expressionViolation(n, rules) : typeof n.type === "string" ? partViolation(n, rules) : null;
  return found ?? violation(Object.values(n), rules);
}

function expressionViolation(n: TNode, rules: TRules): string | null {
  const kind = n.class as string;
  if (!rules.classes.has(kind)) return kind === "SUBQUERY" ? "a subquery" : `a ${kind.toLowerCase().replaceAll("_", " ")} expression`;
  if (kind !== "FUNCTION" && kind !== "WINDOW") return null;
  const name = String(n.function_name).toLowerCase();
  if ((n.schema && n.schema !== "main") || n.catalog)
    return `the function ${n.catalog ? `${nameText(n.catalog)}.` : ""}${String(n.schema)}.${name}`;
  if (n.is_operator === true && !/^[a-z_]/.test(name)) return null;
  if (rules.functions.has(name)) return null;
  return DENIED_FUNCTIONS.has(name) || DENIED_PREFIXES.some((p) => name.startsWith(p))
    ? `${name}(), which reads server or catalog state`
    : `${name}(), which is not a scalar or aggregate function`;
}

function partViolation(n: TNode, rules: TRules): string | null {
  const kind = n.type as string;
  if (kind === "TABLE_FUNCTION") {
    const fn = n.function as TNode | undefined;
    return `the table function ${nameText(fn?.function_name ?? "")}()`;
  }
  if (!rules.parts.has(kind)) return kind.endsWith("_NODE") ? "a query" : `a ${kind.toLowerCase().replaceAll("_", " ")}`;
  if (kind !== "BASE_TABLE") return null;
  const name = String(n.table_name).toLowerCase();
  return n.schema_name || n.catalog_name || !rules.tables.has(name)
    ? `the table ${[n.catalog_name, n.schema_name, n.table_name].filter(Boolean).join(".")}`
    : null;
}

/** Names the query defines with WITH, at any depth (`cte_map.map[].key` in the serialized tree). */
function cteNames(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(cteNames);
  if (typeof node !== "object" || node === null) return [];
  const n = node as TNode;
  const own = ((n.cte_map as { map?: { key: string }[] } | undefined)?.map ?? []).map((entry) => entry.key);
  return [...own, ...Object.values(n).flatMap(cteNames)];
}

/**
 * Checks a scalar expression (a derive operation's) before it runs: one expression over the
 * row's columns, built from constants, operators, CASE, casts, windows and DuckDB's scalar and
 * aggregate functions. No subqueries, table functions, or functions that read settings or the catalog.
 */
export async function guardExpression(ws: Workspace, expression: string, what: string): Promise<void> {
  const statements = await parse(ws, `SELECT ${expression}`, what);
  const [select] = statements;
  const items = select?.select_list;
  const from = select?.from_table as TNode | undefined;
  const clauses =
    ["where_clause", "having", "qualify", "sample"].some((k) => select?.[k]) ||
    (select?.group_expressions as unknown[] | undefined)?.length ||
    (select?.modifiers as unknown[] | undefined)?.length;
  if (
    statements.length !== 1 ||
    select?.type !== "SELECT_NODE" ||
    !Array.isArray(items) ||
    items.length !== 1 ||
    from?.type !== "EMPTY" ||
    clauses
  ) {
    throw invalid(`${what} must be a single expression`);
  }
  const found = violation(items[0], {
    classes: EXPRESSION_CLASSES,
    parts: EXPRESSION_PARTS,
    functions: await functionAllowList(ws),
    tables: new Set(),
  });
  if (found) throw invalid(`${what} may not use ${found}`);
}

/**
 * Checks a read-only query (a SQL assertion) before it runs: one SELECT over `tables` and its own
 * CTEs, with subqueries allowed but no table functions, no other tables or catalog views, and no
 * functions that read settings or the catalog.
 */
export async function guardQuery(ws: Workspace, sql: string, tables: string[], what: string): Promise<void> {
  const statements = await parse(ws, sql, what);
  if (statements.length !== 1) throw invalid(`${what} must be a single SELECT query`);
  const names = new Set([...tables, ...cteNames(statements[0])].map((t) => t.toLowerCase()));
  const found = violation(statements[0], {
    classes: QUERY_CLASSES,
    parts: QUERY_PARTS,
    functions: await functionAllowList(ws),
    tables: names,
  });
  if (found) throw invalid(`${what} may not use ${found}`);
}

/** Checks a SQL assertion: a read-only query over the tables and views of the workspace's own catalog. */
export async function guardAssertion(ws: Workspace, sql: string): Promise<void> {
  const own = await ws.rows(
    "SELECT table_name AS name FROM duckdb_tables() WHERE database_name = current_database() UNION ALL SELECT view_name FROM duckdb_views() WHERE database_name = current_database() AND NOT internal",
  );
  await guardQuery(
    ws,
    sql,
    own.map((r) => String(r.name)),
    "the assertion",
  );
}
