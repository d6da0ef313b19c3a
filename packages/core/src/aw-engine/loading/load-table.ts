import type { Workspace } from "../workspace.ts";
import type { TLoadResult, TLoadTableInput } from "./types.ts";

/** Reads a file into `input.table`, inferring how to read it and retrying with adjusted parameters. */
export async function loadTable(_ws: Workspace, _input: TLoadTableInput): Promise<TLoadResult> {
  throw new Error("loading agent: in progress");
}
