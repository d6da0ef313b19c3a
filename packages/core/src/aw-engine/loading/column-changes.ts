import type { TLedger } from "../../schemas/ledger.ts";

/** What a pass over the loaded table changed, in ledger terms, with a warning line per change. */
export type TColumnChanges = {
  warnings: string[];
  cast: TLedger["columns"]["cast"];
  values: TLedger["values"];
  added: TLedger["columns"]["added"];
};

export const noColumnChanges = (): TColumnChanges => ({ warnings: [], cast: [], values: [], added: [] });

/** Rows a reader saw but left out of the table, with a few of them as they were. */
export type TSkippedRows = { count: number; examples: Record<string, unknown>[] };

type TLedgerInput = {
  rowsOut: number;
  skipped?: TSkippedRows;
  renamed: TLedger["columns"]["renamed"];
  changes: TColumnChanges[];
};

/** The loading step's ledger: rows in are the rows read plus the rows skipped as unparseable. */
export function loadingLedger({ rowsOut, skipped, renamed, changes }: TLedgerInput): TLedger {
  const removed = skipped?.count ? [{ reason: "could not be parsed", count: skipped.count, examples: skipped.examples }] : [];
  return {
    rowsIn: rowsOut + (skipped?.count ?? 0),
    rowsOut,
    removed,
    columns: { added: changes.flatMap((c) => c.added), dropped: [], renamed, cast: changes.flatMap((c) => c.cast) },
    values: changes.flatMap((c) => c.values),
  };
}
