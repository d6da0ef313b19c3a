import type { ZOperationSchema } from "../../schemas/operations.ts";

type TParsed = ReturnType<typeof ZOperationSchema.parse>;

const list = (names: string[]) => names.join(", ");
const shown = (v: unknown) => JSON.stringify(v);

const FILTER_WORDS: Record<Extract<TParsed, { op: "filter" }>["operator"], string> = {
  eq: "=",
  neq: "≠",
  gt: ">",
  gte: "≥",
  lt: "<",
  lte: "≤",
  in: "in",
  not_in: "not in",
  is_null: "is NULL",
  not_null: "is not NULL",
  contains: "contains",
  finite: "is a finite number",
};

/** The ledger's reason for an operation that carries none of its own, in words a reader follows. */
export function describeOperation(op: TParsed): string {
  switch (op.op) {
    case "select":
      return "not among the selected columns";
    case "rename":
      return "renamed";
    case "cast":
      return `cast to ${op.to}`;
    case "filter": {
      const value = op.value === undefined || op.operator === "finite" ? "" : ` ${shown(op.value)}`;
      return `kept only rows where ${op.column} ${FILTER_WORDS[op.operator]}${value}`;
    }
    case "fill_nulls":
      return op.strategy === "constant" ? `NULLs filled with ${shown(op.value)}` : `NULLs filled with the column's ${op.strategy}`;
    case "drop_nulls":
      if (op.how === "all") return op.columns ? `NULL in every one of ${list(op.columns)}` : "every value NULL";
      return op.columns ? `NULL in ${list(op.columns)}` : "a NULL in any column";
    case "dedupe":
      return op.columns ? `duplicate of an earlier row on ${list(op.columns)}` : "duplicate of an earlier row";
    case "derive":
      return `computed as ${op.expression}`;
    case "sort":
      return `sorted by ${op.by.map((b) => `${b.column} ${b.direction}`).join(", ")}`;
    case "limit":
      return `beyond the first ${op.count} rows`;
    case "normalize_text": {
      const parts = op.trim ? ["whitespace trimmed"] : [];
      if (op.nullWords.length) parts.push(`${op.nullWords.map(shown).join(", ")} read as NULL`);
      return parts.join("; ") || "text left as it was";
    }
    case "bucket":
      return `values of ${op.column} outside the ${op.keep.length} kept read as ${shown(op.other)}`;
  }
}
