import type { TLoadResult, TLoadingOptions } from "../loading/types.ts";
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
export async function profileFile(_input: TProfileFileInput): Promise<TFileProfile> {
  throw new Error("profiling: in progress");
}
