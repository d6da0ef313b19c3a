import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZOperationSchema } from "../schemas/operations.ts";
import { runPlan } from "./preparing/run-plan.ts";
import { guardExpression, guardQuery } from "./sql-guard.ts";
import { checkSqlAssertion } from "./validation/functional-check.ts";
import { Workspace } from "./workspace.ts";

let ws: Workspace;

beforeAll(async () => {
  ws = await Workspace.open({ memoryLimit: "256MB", threads: 1 });
  await ws.run("CREATE TABLE people AS SELECT * FROM (VALUES (1, 'Ann', 10.5), (2, 'Bob', NULL)) t(id, name, score)");
});
afterAll(async () => {
  await ws.close();
});

const derive = (expression: string) => runPlan(ws, "people", [ZOperationSchema.parse({ op: "derive", column: "x", expression })], "out");

describe("derive expressions", () => {
  it("never read server settings or the catalog, however they are spelled", async () => {
    // Each of these passes the operation schema's text check.
    await expect(derive("current_setting('allowed_directories')")).rejects.toThrow(
      'operation 1 (derive "x") may not use current_setting(), which reads server or catalog state',
    );
    await expect(derive("(FROM pragma_platform())")).rejects.toThrow("may not use a subquery");
    await expect(derive("upper(main.current_database())")).rejects.toThrow(
      "may not use current_database(), which reads server or catalog state",
    );
    await expect(derive("getenv('HOME')")).rejects.toThrow("may not use getenv(), which reads server or catalog state");
    await expect(derive("read_csv('/etc/passwd')")).rejects.toThrow("may not use read_csv(), which reads server or catalog state");
    await expect(derive("list_count(glob('/etc/passwd'))")).rejects.toThrow("may not use glob(), which reads server or catalog state");
    await expect(derive("name IN (FROM duckdb_settings())")).rejects.toThrow("may not use a subquery");
    await expect(derive("system.main.version()")).rejects.toThrow("may not use the function system.main.version");
    await expect(
      guardExpression(ws, "(FROM duckdb_settings() SELECT value WHERE name = 'allowed_directories')", "the expression"),
    ).rejects.toThrow("may not use a subquery");
    await expect(guardExpression(ws, "1) AS y, current_setting('threads') AS z, (1", "the expression")).rejects.toThrow(
      "the expression does not parse",
    );
    await expect(guardExpression(ws, "1 FROM people", "the expression")).rejects.toThrow("the expression must be a single expression");
  });

  it("keeps what data preparation needs: operators, CASE, casts, lambdas, windows, aggregates over windows", async () => {
    const run = await derive(
      "CASE WHEN score IS NULL THEN upper(name) ELSE CAST(round(score * 2) AS VARCHAR) END || list_aggregate(list_transform([id], v -> v + 1), 'sum')::VARCHAR || (row_number() OVER (ORDER BY id))::VARCHAR || avg(score) OVER ()",
    );
    expect(run.columns).toEqual(["id", "name", "score", "x"]);
    const rows = await ws.rows("SELECT x FROM out ORDER BY x");
    expect(rows.map((r) => r.x)).toEqual(["212110.5", "BOB3210.5"]);
  });
});

describe("SQL assertions", () => {
  it("query the table under test and their own CTEs, with subqueries, but no table functions, catalog views or settings", async () => {
    await guardQuery(
      ws,
      "WITH top AS (SELECT max(score) AS m FROM people) SELECT * FROM people WHERE score < (SELECT m FROM top) OR id NOT IN (FROM people SELECT id)",
      ["people"],
      "the assertion",
    );
    await expect(guardQuery(ws, "SELECT * FROM read_csv('/etc/passwd')", ["people"], "the assertion")).rejects.toThrow(
      "the assertion may not use the table function read_csv()",
    );
    await expect(
      guardQuery(ws, "FROM people WHERE name = (FROM duckdb_settings() SELECT value LIMIT 1)", ["people"], "the assertion"),
    ).rejects.toThrow("may not use the table function duckdb_settings()");
    await expect(guardQuery(ws, "SELECT * FROM duckdb_settings", ["people"], "the assertion")).rejects.toThrow(
      "may not use the table duckdb_settings",
    );
    await expect(guardQuery(ws, "SELECT * FROM information_schema.tables", ["people"], "the assertion")).rejects.toThrow(
      "may not use the table information_schema.tables",
    );
    await expect(guardQuery(ws, "SELECT current_setting('allowed_directories')", ["people"], "the assertion")).rejects.toThrow(
      "may not use current_setting()",
    );
    await expect(guardQuery(ws, "SELECT 1; SELECT 2", ["people"], "the assertion")).rejects.toThrow(
      "the assertion must be a single SELECT query",
    );
    await expect(guardQuery(ws, "PRAGMA version", ["people"], "the assertion")).rejects.toThrow("the assertion does not parse");
  });

  it("are refused by the functional check before they run when they reach outside the run's tables", async () => {
    const rejected = (message: string) => [{ rule: "sql_rejected", message, count: 1, examples: [] }];
    expect(await checkSqlAssertion(ws, { sql: "SELECT current_setting('allowed_directories') AS dirs" })).toEqual(
      rejected("the assertion may not use current_setting(), which reads server or catalog state"),
    );
    expect(await checkSqlAssertion(ws, { sql: "SELECT * FROM read_csv('/etc/passwd')" })).toEqual(
      rejected("the assertion may not use the table function read_csv()"),
    );
    expect(await checkSqlAssertion(ws, { sql: "SELECT * FROM people WHERE name IN (FROM duckdb_settings() SELECT value)" })).toEqual(
      rejected("the assertion may not use the table function duckdb_settings()"),
    );
    expect(await checkSqlAssertion(ws, { sql: "SELECT * FROM people WHERE score > 10" })).toMatchObject([{ rule: "sql", count: 1 }]);
  });
});
