import { z } from "zod";
import { ZCosmoMappingSchema, type TCosmoMapping } from "./cosmo.ts";
import { listOf, MAX_COLUMN_LIST, ZColumnName, ZTextValue } from "./operations.ts";

/** One column's expectations in a `schema` validation. */
export const ZColumnRuleSchema = z.object({
  name: ZColumnName,
  type: z.enum(["integer", "number", "string", "boolean", "date", "timestamp", "any"]).default("any"),
  required: z.boolean().default(true),
  nullable: z.boolean().default(true),
  unique: z.boolean().default(false),
  min: z.number().optional(),
  max: z.number().optional(),
  allowed: listOf(z.union([ZTextValue, z.number(), z.boolean()])).optional(),
  pattern: z.string().max(500, "a pattern is at most 500 characters").optional(),
});
export type TColumnRule = z.infer<typeof ZColumnRuleSchema>;

/** A rule over computed statistics (`info_dict`): `metric(column) operator value`. */
export const ZStatRuleSchema = z.object({
  metric: z.enum([
    "row_count",
    "column_count",
    "null_count",
    "null_fraction",
    "distinct_count",
    "distinct_fraction",
    "min",
    "max",
    "mean",
    "std",
  ]),
  column: ZColumnName.optional(),
  operator: z.enum(["eq", "neq", "gt", "gte", "lt", "lte"]),
  value: z.number(),
});
export type TStatRule = z.infer<typeof ZStatRuleSchema>;

export type TValidationSpec =
  | { kind: "schema"; columns: TColumnRule[]; allowExtraColumns?: boolean }
  | { kind: "info_dict"; rules: TStatRule[] }
  /** Without a mapping the check infers one, as the cosmo-ready target would. */
  | { kind: "functional"; check: "cosmo-ready"; mapping?: TCosmoMapping }
  | { kind: "functional"; check: "sql"; sql: string; description?: string }
  | { kind: "all" | "any"; of: TValidationSpec[] };

// Discriminated by `kind` (and `check`), so a bad field is reported at its own path, not as "Invalid input" for the whole spec.
/** A query cut off after a keyword (`… WHERE`, `… AND`) would only fail when the workflow runs. */
const DANGLING_CLAUSE = /(\b(where|and|or|not|on|by|having|from|select|join|in|between|like|is)|[=<>,(])\s*;?\s*$/i;

export const ZValidationSpecSchema: z.ZodType<TValidationSpec> = z.lazy(() =>
  z.discriminatedUnion("kind", [
    z.object({
      kind: z.literal("schema"),
      columns: listOf(ZColumnRuleSchema, MAX_COLUMN_LIST).min(1),
      allowExtraColumns: z.boolean().optional(),
    }),
    z.object({ kind: z.literal("info_dict"), rules: listOf(ZStatRuleSchema).min(1) }),
    z.discriminatedUnion("check", [
      z.object({ kind: z.literal("functional"), check: z.literal("cosmo-ready"), mapping: ZCosmoMappingSchema.optional() }),
      z.object({
        kind: z.literal("functional"),
        check: z.literal("sql"),
        // A SELECT whose rows are the failing rows (zero rows: the assertion holds); the current table is `data`.
        sql: z
          .string()
          .min(1)
          .max(5000, "sql is at most 5,000 characters")
          .refine((s) => /^\s*(select|with)\b/i.test(s), "sql must be a SELECT query")
          .refine((s) => !DANGLING_CLAUSE.test(s), "sql ends before its condition: finish the query after its last keyword"),
        description: z.string().max(500, "a description is at most 500 characters").optional(),
      }),
    ]),
    z.object({ kind: z.enum(["all", "any"]), of: listOf(ZValidationSpecSchema).min(1) }),
  ]),
);
