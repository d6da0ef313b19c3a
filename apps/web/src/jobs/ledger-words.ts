import { type TLedger, type TValueChangeKind, ZLedgerSchema } from "@aw/core/schemas";
import { formatNumber, valueText } from "../format.ts";

/** The change ledger a step recorded in its metadata; null when it kept none or it does not match the contract. */
export function ledgerOf(metadata: Record<string, unknown> | undefined): TLedger | null {
  if (metadata?.ledger === undefined) return null;
  const parsed = ZLedgerSchema.safeParse(metadata.ledger);
  return parsed.success ? parsed.data : null;
}

/** 1 → "1 row", 1200 → "1,200 rows". */
export function count(n: number, one: string, many = `${one}s`): string {
  return `${formatNumber(n)} ${n === 1 ? one : many}`;
}

/** "5 rows in → 4 rows out". */
export function rowsInOut(ledger: TLedger): string {
  return `${count(ledger.rowsIn, "row")} in → ${count(ledger.rowsOut, "row")} out`;
}

export const removedTotal = (ledger: TLedger) => ledger.removed.reduce((n, r) => n + r.count, 0);

/** One line for lists of steps: "5 rows in → 4 rows out, 1 removed". */
export function ledgerSummary(ledger: TLedger): string {
  const removed = removedTotal(ledger);
  return `${rowsInOut(ledger)}, ${removed ? `${formatNumber(removed)} removed` : "none removed"}`;
}

export function hasColumnChanges({ columns: c }: TLedger): boolean {
  return c.added.length + c.dropped.length + c.renamed.length + c.cast.length > 0;
}

type TValueEntry = TLedger["values"][number];

/** Value changes in ledger order, runs of the same reason together: one operation's reason is shown once above its columns. */
export function valuesByReason(values: TValueEntry[]): { reason: string; entries: TValueEntry[] }[] {
  const groups: { reason: string; entries: TValueEntry[] }[] = [];
  for (const entry of values) {
    const last = groups.at(-1);
    if (last?.reason === entry.reason) last.entries.push(entry);
    else groups.push({ reason: entry.reason, entries: [entry] });
  }
  return groups;
}

/** "No rows removed, no values changed." — or whichever half of it holds; null when the step did both. */
export function untouchedWords(ledger: TLedger): string | null {
  const rows = ledger.removed.length === 0;
  const values = ledger.values.length === 0;
  if (rows && values) return "No rows removed, no values changed.";
  if (rows) return "No rows removed.";
  return values ? "No values changed." : null;
}

/** What a number of values went through, by kind: "2 null words → NULL", "1 value trimmed". */
export function valueChangeWords(change: TValueChangeKind, n: number): string {
  switch (change) {
    case "null_word":
      return `${count(n, "null word")} → NULL`;
    case "trimmed":
      return `${count(n, "value")} trimmed`;
    case "parsed":
      return `${count(n, "value")} parsed`;
    case "cast_failed":
      return `${count(n, "value")} failed to convert → NULL`;
    case "imputed":
      return `${count(n, "value")} imputed`;
    case "bucketed":
      return `${count(n, "value")} replaced by the catch-all label`;
    case "derived":
      return `${count(n, "value")} rewritten`;
  }
}

/** A value in a before → after example: text quoted so spaces show, NULL for missing. */
export function shownValue(value: unknown): string {
  if (value === null || value === undefined) return "NULL";
  return typeof value === "string" ? JSON.stringify(value) : valueText(value);
}

/** A value in a table cell: plain text unless quotes are needed to see blanks or padding. */
export function cellValue(value: unknown): string {
  if (typeof value === "string" && value !== "" && value.trim() === value) return value;
  return shownValue(value);
}

/** "2 added, 1 dropped, 1 retyped" — what a step did to the columns; null when it left them alone. */
export function columnsSummary({ columns: c }: TLedger): string | null {
  const parts = [
    c.added.length && `${formatNumber(c.added.length)} added`,
    c.dropped.length && `${formatNumber(c.dropped.length)} dropped`,
    c.renamed.length && `${formatNumber(c.renamed.length)} renamed`,
    c.cast.length && `${formatNumber(c.cast.length)} retyped`,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(", ") : null;
}

/** "37 values changed in 3 columns"; null when none changed. */
export function valuesSummary(ledger: TLedger): string | null {
  if (ledger.values.length === 0) return null;
  const changed = ledger.values.reduce((n, v) => n + v.count, 0);
  const columns = new Set(ledger.values.map((v) => v.column)).size;
  return `${count(changed, "value")} changed in ${count(columns, "column")}`;
}
