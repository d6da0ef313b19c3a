import { humanBytes } from "../data/human-bytes.ts";

/** A DuckDB error as a user may read it: limits named, DuckDB's advice to change settings cut, no server paths. */
export class EngineError extends Error {
  override name = "EngineError";
}

export type TEngineLimits = {
  /** DuckDB's memory limit in bytes, and the run budget it was derived from. */
  memoryBytes: number;
  memoryBudget: string;
  /** Spill files the workspace may write, in bytes. */
  spillBytes: number;
};

/** DuckDB's out-of-memory prefix; a spill over max_temp_directory_size reports through it too. */
const OUT_OF_MEMORY = /^Out of Memory Error:\s*/;
/** Advice that follows DuckDB's limit errors; its settings are locked here, so it only misleads. */
const SETTINGS_ADVICE = /\n\s*(?:Possible solutions:|This limit was set by|See also https:)[\s\S]*$/;

/** Replaces every occurrence of each path (longest first, so a file wins over its folder) with its name. */
export function hidePaths(message: string, names: ReadonlyMap<string, string>): string {
  let out = message;
  for (const [from, to] of [...names].toSorted(([a], [b]) => b.length - a.length)) out = out.replaceAll(from, to);
  return out;
}

/** The message a user sees for a DuckDB error raised in a workspace with these limits. */
export function engineMessage(raw: string, limits: TEngineLimits, paths: ReadonlyMap<string, string>): string {
  let message = hidePaths(raw, paths);
  if (OUT_OF_MEMORY.test(message)) {
    const detail = message.replace(OUT_OF_MEMORY, "").replace(SETTINGS_ADVICE, "").trim();
    message = /max_temp_directory_size/.test(raw)
      ? `ran out of spill space (limit ${humanBytes(limits.spillBytes)} of disk per workspace, DUCKDB_SPILL_LIMIT): ${detail}`
      : `ran out of memory (limit ${humanBytes(limits.memoryBytes)} for DuckDB of the ${limits.memoryBudget} budget): ${detail}`;
  }
  return message;
}
