import { z } from "zod";

/** Typed table operations of a `custom` preparation plan. Each compiles to SQL in the engine. */
export const ZColumnName = z.string().min(1).max(200, "a column name is at most 200 characters");

// Free-form values are bounded, so a definition stays cheap to store, show, compile and send to an LLM.
export const MAX_TEXT = 1000;
export const MAX_LIST = 1000;
/** Column lists may name every column of a wide table (TABLE_MAX_COLUMNS defaults to 2,048). */
export const MAX_COLUMN_LIST = 10_000;

/** A value written into a plan (a filter value, a fill value, an allowed value). */
export const ZTextValue = z.string().max(MAX_TEXT, `at most ${MAX_TEXT.toLocaleString("en-US")} characters`);
export const listOf = <T extends z.ZodType>(item: T, max = MAX_LIST) =>
  z.array(item).max(max, `at most ${max.toLocaleString("en-US")} items`);
export const ZColumnList = listOf(ZColumnName, MAX_COLUMN_LIST);

export const ZCastType = z.enum(["integer", "bigint", "double", "varchar", "boolean", "date", "timestamp"]);
export type TCastType = z.infer<typeof ZCastType>;

/** Why an operation runs, in words; the change ledger reports what it did under this reason. */
const reason = { reason: z.string().max(500).optional() };

export const ZOperationSchema = z.discriminatedUnion("op", [
  z.object({ ...reason, op: z.literal("select"), columns: ZColumnList.min(1) }),
  z.object({
    ...reason,
    op: z.literal("rename"),
    mapping: z
      .record(ZColumnName, ZColumnName)
      .refine((m) => Object.keys(m).length <= MAX_COLUMN_LIST, `at most ${MAX_COLUMN_LIST.toLocaleString("en-US")} columns`),
  }),
  z.object({ ...reason, op: z.literal("cast"), column: ZColumnName, to: ZCastType }),
  z.object({
    ...reason,
    op: z.literal("filter"),
    column: ZColumnName,
    // `finite` keeps rows whose value is a finite number (drops NULL, NaN and ±Infinity).
    operator: z.enum(["eq", "neq", "gt", "gte", "lt", "lte", "in", "not_in", "is_null", "not_null", "contains", "finite"]),
    // The list's length is checked after the union, so a long list is told so rather than "Invalid input".
    value: z
      .union([ZTextValue, z.number(), z.boolean(), z.array(z.union([ZTextValue, z.number()]))])
      .refine((v) => !Array.isArray(v) || v.length <= MAX_LIST, `at most ${MAX_LIST.toLocaleString("en-US")} items`)
      .optional(),
  }),
  z.object({
    ...reason,
    op: z.literal("fill_nulls"),
    columns: ZColumnList.min(1),
    strategy: z.enum(["constant", "mean", "median", "mode", "zero"]).default("constant"),
    value: z.union([ZTextValue, z.number(), z.boolean()]).optional(),
    /** Adds a `<column>_was_missing` boolean column per filled column, so a model can tell imputed values apart. */
    indicator: z.boolean().default(false),
  }),
  z.object({
    ...reason,
    op: z.literal("drop_nulls"),
    columns: ZColumnList.optional(),
    // `any`: drop a row when any listed column is NULL; `all`: only when every one is.
    how: z.enum(["any", "all"]).default("any"),
  }),
  z.object({ ...reason, op: z.literal("dedupe"), columns: ZColumnList.optional() }),
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
    by: listOf(z.object({ column: ZColumnName, direction: z.enum(["asc", "desc"]).default("asc") }), MAX_COLUMN_LIST).min(1),
  }),
  z.object({ ...reason, op: z.literal("limit"), count: z.number().int().min(0) }),
  z.object({
    ...reason,
    op: z.literal("normalize_text"),
    columns: ZColumnList.min(1),
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
    keep: listOf(z.union([ZTextValue, z.number()])),
    other: z.string().max(200).default("Other"),
  }),
]);

/** An operation as planners and users write it (defaults not yet applied). */
export type TOperation = z.input<typeof ZOperationSchema>;
