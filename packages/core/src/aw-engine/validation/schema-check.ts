import type { TColumnRule, TValidationSpec } from "../../schemas/validation.ts";
import { isNumericKind } from "../preparing/column-facts.ts";
import { columnKind } from "../profiling/profile-table.ts";
import type { TColumnKind } from "../profiling/types.ts";
import { tableColumns } from "../sample.ts";
import { ident, literal, type Workspace } from "../workspace.ts";
import { failingRows } from "./failing-rows.ts";
import type { TValidationFailure } from "./types.ts";

type TRuleType = TColumnRule["type"];

const ACCEPTS: Record<Exclude<TRuleType, "any">, TColumnKind[]> = {
  integer: ["integer"],
  number: ["integer", "number"],
  string: ["string"],
  boolean: ["boolean"],
  date: ["date"],
  timestamp: ["timestamp"],
};
const SQL_TYPE: Record<Exclude<TRuleType, "any">, string> = {
  integer: "BIGINT",
  number: "DOUBLE",
  string: "VARCHAR",
  boolean: "BOOLEAN",
  date: "DATE",
  timestamp: "TIMESTAMP",
};

async function typeFailure(ws: Workspace, table: string, rule: TColumnRule, actual: string): Promise<TValidationFailure | null> {
  if (rule.type === "any" || ACCEPTS[rule.type].includes(columnKind(actual))) return null;
  const c = ident(rule.name);
  const bad = await failingRows(ws, table, `${c} IS NOT NULL AND TRY_CAST(${c} AS ${SQL_TYPE[rule.type]}) IS NULL`);
  if (bad.count > 0) {
    return {
      rule: "type",
      column: rule.name,
      message: `column "${rule.name}" is ${actual}, expected ${rule.type}; ${bad.count} values do not convert`,
      ...bad,
    };
  }
  const all = await failingRows(ws, table, `${c} IS NOT NULL`);
  return {
    rule: "type",
    column: rule.name,
    message: `column "${rule.name}" is ${actual}, expected ${rule.type} (every value would convert: cast it)`,
    ...all,
  };
}

/** Checks every rule of every column and collects all failures, with counts and example rows. */
export async function checkSchema(
  ws: Workspace,
  table: string,
  spec: Extract<TValidationSpec, { kind: "schema" }>,
): Promise<TValidationFailure[]> {
  const columns = await tableColumns(ws, table);
  const typeOf = new Map(columns.map((c) => [c.name, c.type]));
  const failures: TValidationFailure[] = [];
  const check = async (rule: string, column: string, where: string, message: (n: number) => string) => {
    const rows = await failingRows(ws, table, where);
    if (rows.count > 0) failures.push({ rule, column, message: message(rows.count), ...rows });
  };

  for (const rule of spec.columns) {
    const actual = typeOf.get(rule.name);
    if (actual === undefined) {
      if (rule.required !== false) {
        failures.push({
          rule: "column_missing",
          column: rule.name,
          message: `column "${rule.name}" is missing; columns: ${columns.map((c) => c.name).join(", ")}`,
          count: 1,
          examples: [],
        });
      }
      continue;
    }
    const c = ident(rule.name);
    const kind = columnKind(actual);
    const typeFail = await typeFailure(ws, table, rule, actual);
    if (typeFail) failures.push(typeFail);
    if (rule.nullable === false) await check("not_null", rule.name, `${c} IS NULL`, (n) => `column "${rule.name}" has ${n} NULL values`);
    if (rule.unique) {
      await check(
        "unique",
        rule.name,
        `${c} IN (SELECT ${c} FROM ${ident(table)} WHERE ${c} IS NOT NULL GROUP BY ALL HAVING count(*) > 1)`,
        (n) => `column "${rule.name}" has ${n} rows sharing a value with another row`,
      );
    }
    const asNumber = isNumericKind(kind) ? c : `TRY_CAST(${c} AS DOUBLE)`;
    if (rule.min !== undefined)
      await check("min", rule.name, `${asNumber} < ${rule.min}`, (n) => `column "${rule.name}" has ${n} values below ${rule.min}`);
    if (rule.max !== undefined)
      await check("max", rule.name, `${asNumber} > ${rule.max}`, (n) => `column "${rule.name}" has ${n} values above ${rule.max}`);
    if (rule.allowed) {
      const numeric = isNumericKind(kind) && rule.allowed.every((v) => typeof v === "number");
      const list = rule.allowed.map((v) => (numeric ? String(v) : literal(String(v)))).join(", ");
      const value = numeric ? c : `CAST(${c} AS VARCHAR)`;
      await check(
        "allowed",
        rule.name,
        `${c} IS NOT NULL AND ${value} NOT IN (${list})`,
        (n) => `column "${rule.name}" has ${n} values outside ${JSON.stringify(rule.allowed)}`,
      );
    }
    if (rule.pattern !== undefined) {
      const pattern = rule.pattern;
      try {
        await check(
          "pattern",
          rule.name,
          `${c} IS NOT NULL AND NOT regexp_matches(CAST(${c} AS VARCHAR), ${literal(pattern)})`,
          (n) => `column "${rule.name}" has ${n} values not matching /${pattern}/`,
        );
      } catch (err) {
        failures.push({
          rule: "pattern_invalid",
          column: rule.name,
          message: `pattern /${pattern}/ is not a valid regular expression: ${(err as Error).message}`,
          count: 1,
          examples: [],
        });
      }
    }
  }
  if (spec.allowExtraColumns === false) {
    const expected = new Set(spec.columns.map((r) => r.name));
    const extra = columns.filter((c) => !expected.has(c.name));
    if (extra.length) {
      failures.push({
        rule: "extra_columns",
        message: `unexpected columns: ${extra.map((c) => c.name).join(", ")}`,
        count: extra.length,
        examples: extra.slice(0, 5).map((c) => ({ column: c.name, type: c.type })),
      });
    }
  }
  return failures;
}
