import { z } from "zod";

/**
 * The change ledger of one step: everything the step did to the data, counted. Every step that
 * touches the table (loading, preparing) records one in its metadata under `ledger`; the run
 * report and the UI show it. Invariant: `rowsIn − Σ removed[].count = rowsOut`, and no value
 * changes that `values` does not count.
 */

/** Why values of a column changed. */
export const VALUE_CHANGES = [
  "null_word", // text such as "NA", "null", "" read as NULL
  "trimmed", // leading/trailing whitespace removed
  "parsed", // text read as a number, boolean, date or timestamp (its printed form changed)
  "cast_failed", // a value that did not convert and became NULL
  "imputed", // a NULL filled in (median, mode, constant …)
  "bucketed", // a rare category replaced by "Other"
  "derived", // rewritten by an expression
] as const;
export const ZValueChangeKind = z.enum(VALUE_CHANGES);
export type TValueChangeKind = z.infer<typeof ZValueChangeKind>;

const ZExampleRow = z.record(z.string(), z.unknown());

export const ZLedgerSchema = z.object({
  rowsIn: z.number().int().min(0),
  rowsOut: z.number().int().min(0),
  /** Rows removed, one entry per reason, with a few of the removed rows as they were. */
  removed: z.array(z.object({ reason: z.string(), count: z.number().int().min(0), examples: z.array(ZExampleRow) })),
  columns: z.object({
    added: z.array(z.object({ column: z.string(), reason: z.string() })),
    dropped: z.array(z.object({ column: z.string(), reason: z.string() })),
    renamed: z.array(z.object({ from: z.string(), to: z.string(), reason: z.string() })),
    /** Type changes; `failed` values did not convert and became NULL. */
    cast: z.array(z.object({ column: z.string(), from: z.string(), to: z.string(), reason: z.string(), failed: z.number().int().min(0) })),
  }),
  /** Per column and kind of change: how many values changed, with a few before → after examples. */
  values: z.array(
    z.object({
      column: z.string(),
      change: ZValueChangeKind,
      count: z.number().int().min(0),
      reason: z.string(),
      examples: z.array(z.object({ before: z.unknown(), after: z.unknown() })),
    }),
  ),
});
export type TLedger = z.infer<typeof ZLedgerSchema>;

/** A ledger of a step that changed nothing: `rows` in and out. */
export const emptyLedger = (rows: number): TLedger => ({
  rowsIn: rows,
  rowsOut: rows,
  removed: [],
  columns: { added: [], dropped: [], renamed: [], cast: [] },
  values: [],
});

/** One line for logs and reports, e.g. "5 rows in → 4 out; removed 1 (every value of the row empty); 6 values changed in 4 columns". */
export function summariseLedger(ledger: TLedger): string {
  const parts = [`${ledger.rowsIn} rows in → ${ledger.rowsOut} out`];
  if (ledger.removed.length) parts.push(`removed ${ledger.removed.map((r) => `${r.count} (${r.reason})`).join(", ")}`);
  const { added, dropped, renamed, cast } = ledger.columns;
  if (dropped.length) parts.push(`dropped columns ${dropped.map((d) => `${d.column} (${d.reason})`).join(", ")}`);
  if (added.length) parts.push(`added columns ${added.map((a) => a.column).join(", ")}`);
  if (renamed.length) parts.push(`renamed ${renamed.map((r) => `${r.from} → ${r.to}`).join(", ")}`);
  if (cast.length)
    parts.push(`retyped ${cast.map((c) => `${c.column} ${c.from} → ${c.to}${c.failed ? ` (${c.failed} failed → NULL)` : ""}`).join(", ")}`);
  const changed = ledger.values.reduce((n, v) => n + v.count, 0);
  if (changed) parts.push(`${changed} values changed in ${new Set(ledger.values.map((v) => v.column)).size} columns`);
  return parts.join("; ");
}
