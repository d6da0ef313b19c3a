import type { Workspace } from "../workspace.ts";
import type { TProfile, TProfileOptions, TQuickProfile } from "./types.ts";

/** Full per-column statistics of a table. */
export async function profileTable(_ws: Workspace, _table: string, _options: TProfileOptions = {}): Promise<TProfile> {
  throw new Error("profiling: in progress");
}

/** Row count and column names/types only, for upload-time metadata. */
export async function quickProfile(_ws: Workspace, _table: string): Promise<TQuickProfile> {
  throw new Error("profiling: in progress");
}
