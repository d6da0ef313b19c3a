import { z } from "zod";

/** Typed table operations of a `custom` preparation plan. Each compiles to SQL in the engine. */
export const ZColumnName = z.string().min(1).max(200);

export const ZCastType = z.enum(["integer", "bigint", "double", "varchar", "boolean", "date", "timestamp"]);
export type TCastType = z.infer<typeof ZCastType>;

export const ZOperationSchema = z.discriminatedUnion("op", [
  z.object({ op: z.literal("select"), columns: z.array(ZColumnName).min(1) }),
  z.object({ op: z.literal("rename"), mapping: z.record(ZColumnName, ZColumnName) }),
  z.object({ op: z.literal("cast"), column: ZColumnName, to: ZCastType }),
  z.object({
    op: z.literal("filter"),
    column: ZColumnName,
    // `finite` keeps rows whose value is a finite number (drops NULL, NaN and ±Infinity).
    operator: z.enum(["eq", "neq", "gt", "gte", "lt", "lte", "in", "not_in", "is_null", "not_null", "contains", "finite"]),
    value: z.union([z.string(), z.number(), z.boolean(), z.array(z.union([z.string(), z.number()]))]).optional(),
  }),
  z.object({
    op: z.literal("fill_nulls"),
    columns: z.array(ZColumnName).min(1),
    strategy: z.enum(["constant", "mean", "median", "mode", "zero"]).default("constant"),
    value: z.union([z.string(), z.number(), z.boolean()]).optional(),
  }),
  z.object({
    op: z.literal("drop_nulls"),
    columns: z.array(ZColumnName).optional(),
    // `any`: drop a row when any listed column is NULL; `all`: only when every one is.
    how: z.enum(["any", "all"]).default("any"),
  }),
  z.object({ op: z.literal("dedupe"), columns: z.array(ZColumnName).optional() }),
  z.object({
    op: z.literal("derive"),
    column: ZColumnName,
    // A single SQL expression over existing columns (replaces `column` if it exists); statements, comments and subqueries are refused.
    expression: z
      .string()
      .min(1)
      .max(2000)
      .refine((s) => !/;|--|\/\*/.test(s) && !/\bselect\b/i.test(s), "expression must be a single SQL expression"),
  }),
  z.object({
    op: z.literal("sort"),
    by: z.array(z.object({ column: ZColumnName, direction: z.enum(["asc", "desc"]).default("asc") })).min(1),
  }),
  z.object({ op: z.literal("limit"), count: z.number().int().min(0) }),
]);

export type TOperation = z.infer<typeof ZOperationSchema>;
