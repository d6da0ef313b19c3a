import { z } from "zod";

/** Typed table operations of a `custom` preparation plan. Each compiles to SQL in the engine. */
export const ZColumnName = z.string().min(1).max(200);

export const ZCastType = z.enum(["integer", "bigint", "double", "varchar", "boolean", "date", "timestamp"]);
export type TCastType = z.infer<typeof ZCastType>;

/** Why an operation runs, in words; the change ledger reports what it did under this reason. */
const reason = { reason: z.string().max(500).optional() };

export const ZOperationSchema = z.discriminatedUnion("op", [
  z.object({ ...reason, op: z.literal("select"), columns: z.array(ZColumnName).min(1) }),
  z.object({ ...reason, op: z.literal("rename"), mapping: z.record(ZColumnName, ZColumnName) }),
  z.object({ ...reason, op: z.literal("cast"), column: ZColumnName, to: ZCastType }),
  z.object({
    ...reason,
    op: z.literal("filter"),
    column: ZColumnName,
    // `finite` keeps rows whose value is a finite number (drops NULL, NaN and ±Infinity).
    operator: z.enum(["eq", "neq", "gt", "gte", "lt", "lte", "in", "not_in", "is_null", "not_null", "contains", "finite"]),
    value: z.union([z.string(), z.number(), z.boolean(), z.array(z.union([z.string(), z.number()]))]).optional(),
  }),
  z.object({
    ...reason,
    op: z.literal("fill_nulls"),
    columns: z.array(ZColumnName).min(1),
    strategy: z.enum(["constant", "mean", "median", "mode", "zero"]).default("constant"),
    value: z.union([z.string(), z.number(), z.boolean()]).optional(),
    /** Adds a `<column>_was_missing` boolean column per filled column, so a model can tell imputed values apart. */
    indicator: z.boolean().default(false),
  }),
  z.object({
    ...reason,
    op: z.literal("drop_nulls"),
    columns: z.array(ZColumnName).optional(),
    // `any`: drop a row when any listed column is NULL; `all`: only when every one is.
    how: z.enum(["any", "all"]).default("any"),
  }),
  z.object({ ...reason, op: z.literal("dedupe"), columns: z.array(ZColumnName).optional() }),
  z.object({
    ...reason,
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
    ...reason,
    op: z.literal("sort"),
    by: z.array(z.object({ column: ZColumnName, direction: z.enum(["asc", "desc"]).default("asc") })).min(1),
  }),
  z.object({ ...reason, op: z.literal("limit"), count: z.number().int().min(0) }),
  z.object({
    ...reason,
    op: z.literal("normalize_text"),
    columns: z.array(ZColumnName).min(1),
    /** Remove leading and trailing whitespace. */
    trim: z.boolean().default(true),
    /** Values read as NULL, compared lower-cased after trimming (e.g. "", "na", "null"). */
    nullWords: z.array(z.string().max(50)).max(50).default([]),
  }),
  z.object({
    ...reason,
    op: z.literal("bucket"),
    column: ZColumnName,
    /** Values kept as they are; every other non-NULL value becomes `other`. */
    keep: z.array(z.union([z.string(), z.number()])).max(1000),
    other: z.string().max(200).default("Other"),
  }),
]);

/** An operation as planners and users write it (defaults not yet applied). */
export type TOperation = z.input<typeof ZOperationSchema>;
