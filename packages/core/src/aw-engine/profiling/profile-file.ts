import { loadTable } from "../loading/load-table.ts";
import type { TLoadResult, TLoadingOptions } from "../loading/types.ts";
import { withWorkspace } from "../workspace.ts";
import { profileTable, quickProfile } from "./profile-table.ts";
import type { TProfile, TProfileOptions, TQuickProfile } from "./types.ts";

export type TProfileFileInput = {
  path: string;
  filename: string;
  memoryLimit: string;
  /** false: row/column counts and types only (fast); true: full statistics too. */
  full: boolean;
  options?: TLoadingOptions;
  profile?: TProfileOptions;
  threads?: number;
  signal?: AbortSignal;
};

export type TFileProfile = { load: TLoadResult; quick: TQuickProfile; profile: TProfile | null };

/** Loads a file into a throwaway workspace with the loading agent and profiles it. */
export async function profileFile(input: TProfileFileInput): Promise<TFileProfile> {
  return withWorkspace({ memoryLimit: input.memoryLimit, threads: input.threads, signal: input.signal }, async (ws) => {
    const load = await loadTable(ws, { path: input.path, filename: input.filename, options: input.options, table: "data" });
    const quick = await quickProfile(ws, "data");
    return { load, quick, profile: input.full ? await profileTable(ws, "data", input.profile) : null };
  });
}
