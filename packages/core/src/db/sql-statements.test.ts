import { describe, expect, it } from "vitest";
import { splitSqlStatements } from "./sql-statements.ts";

describe("splitSqlStatements", () => {
  it("splits at top-level semicolons and drops comment-only pieces", () => {
    const sql = `-- CreateTable\nCREATE TABLE "a" ("x" TEXT);\n\n-- CreateIndex\nCREATE INDEX "i" ON "a"("x");\n-- trailing comment\n`;
    expect(splitSqlStatements(sql)).toEqual([
      `-- CreateTable\nCREATE TABLE "a" ("x" TEXT)`,
      `-- CreateIndex\nCREATE INDEX "i" ON "a"("x")`,
    ]);
  });

  it("keeps semicolons inside strings, identifiers and comments", () => {
    const sql = `INSERT INTO "we;ird" VALUES ('a;b', 'it''s; fine'); /* x; y */ SELECT 1 -- c; d\n; SELECT [odd;name] FROM \`t;u\``;
    expect(splitSqlStatements(sql)).toEqual([
      `INSERT INTO "we;ird" VALUES ('a;b', 'it''s; fine')`,
      `/* x; y */ SELECT 1 -- c; d`,
      "SELECT [odd;name] FROM `t;u`",
    ]);
  });

  it("keeps trigger bodies whole, including CASE … END inside them", () => {
    const trigger = `CREATE TRIGGER t AFTER INSERT ON a BEGIN\n  UPDATE a SET x = CASE WHEN x IS NULL THEN '' ELSE x END;\n  DELETE FROM b;\nEND`;
    expect(splitSqlStatements(`${trigger};\nSELECT 1;`)).toEqual([trigger, "SELECT 1"]);
  });

  it("does not treat a transaction BEGIN as a block", () => {
    expect(splitSqlStatements("BEGIN; SELECT 1; COMMIT;")).toEqual(["BEGIN", "SELECT 1", "COMMIT"]);
  });

  it("keeps PostgreSQL dollar-quoted bodies whole", () => {
    const fn = `CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql`;
    expect(splitSqlStatements(`${fn}; SELECT $$a;b$$;`)).toEqual([fn, "SELECT $$a;b$$"]);
  });

  it("returns nothing for an empty or comment-only script, and tolerates an unterminated string", () => {
    expect(splitSqlStatements("")).toEqual([]);
    expect(splitSqlStatements("-- only a comment\n/* and another */")).toEqual([]);
    expect(splitSqlStatements("SELECT 'open")).toEqual(["SELECT 'open"]);
  });
});
