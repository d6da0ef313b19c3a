import type { TStepOf } from "../draft.ts";
import { valueText } from "../../format.ts";

export type TOperationInput = NonNullable<TStepOf<"preparing">["config"]["operations"]>[number];
export type TOpKind = TOperationInput["op"];
export type TOpOf<K extends TOpKind> = Extract<TOperationInput, { op: K }>;

/** Every operation of the contract with a label; a new operation in the contract fails the type check here. */
export const OPERATION_LABELS: Record<TOpKind, string> = {
  select: "Keep columns",
  rename: "Rename columns",
  cast: "Change type",
  filter: "Filter rows",
  fill_nulls: "Fill missing values",
  drop_nulls: "Drop rows with missing values",
  dedupe: "Remove duplicates",
  derive: "Derive a column",
  sort: "Sort",
  limit: "Limit rows",
  normalize_text: "Tidy text",
  bucket: "Group other values",
};

export const FILTER_OPERATOR_LABELS: Record<TOpOf<"filter">["operator"], string> = {
  eq: "equals",
  neq: "does not equal",
  gt: "greater than",
  gte: "at least",
  lt: "less than",
  lte: "at most",
  in: "is one of",
  not_in: "is none of",
  is_null: "is empty",
  not_null: "is not empty",
  contains: "contains",
  finite: "is a finite number",
};

export const FILL_STRATEGY_LABELS: Record<NonNullable<TOpOf<"fill_nulls">["strategy"]>, string> = {
  constant: "A constant",
  mean: "Column mean",
  median: "Column median",
  mode: "Most frequent value",
  zero: "Zero",
};

const NEW_OPERATION: { [K in TOpKind]: TOpOf<K> } = {
  select: { op: "select", columns: [] },
  rename: { op: "rename", mapping: {} },
  cast: { op: "cast", column: "", to: "double" },
  filter: { op: "filter", column: "", operator: "not_null" },
  fill_nulls: { op: "fill_nulls", columns: [], strategy: "zero" },
  drop_nulls: { op: "drop_nulls" },
  dedupe: { op: "dedupe" },
  derive: { op: "derive", column: "", expression: "" },
  sort: { op: "sort", by: [{ column: "", direction: "asc" }] },
  limit: { op: "limit", count: 1000 },
  normalize_text: { op: "normalize_text", columns: [], trim: true, nullWords: ["NA", "N/A", "null"] },
  bucket: { op: "bucket", column: "", keep: [], other: "Other" },
};

export function newOperation(kind: TOpKind): TOperationInput {
  return structuredClone(NEW_OPERATION[kind]);
}

/** Typed text → contract value: numbers and booleans when the text is exactly one, else the string. */
export function parseScalar(text: string): string | number | boolean {
  if (text === "true" || text === "false") return text === "true";
  const n = Number(text);
  return text.trim() !== "" && String(n) === text.trim() ? n : text;
}

export function formatScalar(value: unknown): string {
  if (Array.isArray(value)) return value.map(String).join(", ");
  return value === undefined || value === null ? "" : valueText(value);
}
