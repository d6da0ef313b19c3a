import { describe, expect, it } from "vitest";
import { ZValidationSpecSchema } from "./validation.ts";

const sqlCheck = (sql: string) => ZValidationSpecSchema.safeParse({ kind: "functional", check: "sql", sql });

describe("SQL assertion contract", () => {
  it("refuses a query cut off after a keyword or operator, which would only fail at run time", () => {
    for (const sql of [
      "SELECT * FROM data WHERE ",
      "SELECT * FROM data WHERE a > 1 AND",
      "SELECT * FROM data WHERE amount <",
      "select * from",
    ]) {
      const parsed = sqlCheck(sql);
      expect(parsed.success, sql).toBe(false);
      expect(parsed.error?.issues[0]?.message).toMatch(/ends before its condition/);
    }
  });

  it("accepts complete queries, including ones ending in a quoted keyword or a closing parenthesis", () => {
    for (const sql of [
      "SELECT * FROM data WHERE amount < 0",
      "SELECT * FROM data WHERE note = 'where'",
      "WITH x AS (SELECT 1) SELECT * FROM x",
    ]) {
      expect(sqlCheck(sql).success, sql).toBe(true);
    }
  });

  it("still refuses what is not a SELECT", () => {
    expect(sqlCheck("DELETE FROM data").error?.issues[0]?.message).toBe("sql must be a SELECT query");
  });
});
