// Shared setup of the loading tests: a fresh workspace per test and a loader of the checked-in fixtures.
import path from "node:path";
import { afterEach, beforeEach, expect } from "vitest";
import { FIXTURES } from "../../../test/engine-test-kit.ts";
import { ZLedgerSchema } from "../../schemas/ledger.ts";
import { Workspace } from "../workspace.ts";
import { loadTable } from "./load-table.ts";
import { LoadError, type TLoadingOptions, type TLoadResult } from "./types.ts";

export const LOADING_FIXTURES = path.join(FIXTURES, "loading");

export type TLoadTestContext = {
  ws: Workspace;
  /** Loads a fixture of `test/fixtures/loading` (or `file`) into table `data`. */
  load: (name: string, options?: TLoadingOptions, file?: string) => Promise<TLoadResult>;
};

export function useLoadWorkspace(): TLoadTestContext {
  const ctx = {} as TLoadTestContext;
  beforeEach(async () => {
    ctx.ws = await Workspace.open({ memoryLimit: "256MB", threads: 1 });
    ctx.load = (name, options, file = path.join(LOADING_FIXTURES, name)) => loadTable(ctx.ws, { path: file, filename: name, options });
  });
  afterEach(async () => {
    await ctx.ws.close();
  });
  return ctx;
}

export const columnTypes = (r: Pick<TLoadResult, "tableInfo">) => Object.fromEntries(r.tableInfo.columns.map((c) => [c.name, c.type]));

/** Checks the ledger's shape and its invariant: rows in − Σ removed = rows out = the table's rows. */
export function expectBalancedLedger(r: TLoadResult): void {
  ZLedgerSchema.parse(r.ledger);
  const removed = r.ledger.removed.reduce((sum, e) => sum + e.count, 0);
  expect(r.ledger.rowsIn - removed).toBe(r.ledger.rowsOut);
  expect(r.ledger.rowsOut).toBe(r.tableInfo.rowCount);
}

export async function loadError(promise: Promise<unknown>): Promise<LoadError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LoadError);
  return error as LoadError;
}
