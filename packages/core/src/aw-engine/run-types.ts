import type { TGlobalConfig, TStep } from "../schemas/index.ts";
import type { TReadCache } from "../storage/read-cache.ts";
import type { TInputLimits } from "./input-limits.ts";
import type { TStorage } from "../storage/types.ts";
import type { TQuickProfile } from "./profiling/types.ts";

/** One try of a step, in aw's shape. */
export type TAttempt = {
  attempt: number;
  step: string;
  success: boolean;
  error?: string;
  sql?: string;
  params?: Record<string, unknown>;
};

/** What a finished step leaves behind; persisted in the job's metadata under `steps[index]`. */
export type TStepResult = {
  index: number;
  name: string;
  type: TStep["type"];
  status: "completed" | "failed";
  startedAt: string;
  completedAt: string;
  /** Step metadata in aw's shapes (loading: {success, sourceUri, fileInfo, tableInfo, attempts, numAttempts} …). */
  metadata: Record<string, unknown>;
  /** Storage key of the Parquet checkpoint of the table after this step; a resumed run starts from it. */
  checkpointKey: string | null;
  /** Storage key of the Parquet checkpoint of the links beside the points, when the run holds links (the same key after steps that leave them alone). */
  linksCheckpointKey?: string | null;
  /** Of the time from start to completion, the milliseconds spent writing the step's checkpoints. */
  checkpointMs?: number;
};

export type TRunEvent =
  | { type: "progress"; progress: number; currentStep: number; stepName: string }
  | { type: "log"; level: "debug" | "info" | "warn" | "error"; message: string; data?: Record<string, unknown> }
  | { type: "step"; result: TStepResult };

export type TRunRequest = {
  runId: string;
  steps: TStep[];
  globalConfig: TGlobalConfig;
  /** The input artifact; loading steps read it. */
  input: { storageKey: string; filename: string; /** When known, small inputs run on one DuckDB thread. */ sizeBytes?: number } | null;
  /** Index of the first step to run (0, or after an approval / for retry-from-step). */
  startAt: number;
  /** Results of steps before `startAt` (their checkpoints are read to resume). */
  previous: TStepResult[];
  signal: AbortSignal;
  onEvent: (event: TRunEvent) => void | Promise<void>;
};

export type TRunOutput = {
  storageKey: string;
  /** The export step's own filename; null lets the job name the result after its input and workflow. */
  filename: string | null;
  /** The extension of the stored file (`.parquet`, `.csv`…), for the name the job gives it. */
  extension: string;
  format: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
};

/** The table the run's result holds: its shape and a Parquet copy in storage to sample and profile. */
export type TRunTable = TQuickProfile & { snapshotKey: string };

export type TRunOutcome =
  | { status: "completed"; output: TRunOutput | null; table: TRunTable | null; report: Record<string, unknown> }
  /** The step at `stepIndex` asked for approval; the run resumes at `stepIndex + 1`. */
  | {
      status: "awaiting_approval";
      stepIndex: number;
      preview: { columns: string[]; rows: Record<string, unknown>[]; metadata: Record<string, unknown> };
    };

/** Thrown when a step exhausts its retries. */
export class StepFailedError extends Error {
  override name = "StepFailedError";
  constructor(
    readonly stepIndex: number,
    readonly result: TStepResult,
    /** What went wrong, without naming the step. */
    readonly reason: string,
  ) {
    super(`step "${result.name}" failed: ${reason}`);
  }
}

export type TEngineDeps = {
  storage: TStorage;
  memoryLimit: string;
  /** Disk a run's workspace may spill to (DUCKDB_SPILL_LIMIT; default the workspace's own). */
  spillLimit?: string;
  threads?: number;
  /** Where run workspaces are made (default: the OS temp folder). */
  workspaceRoot?: string;
  /** Where S3 objects the run reads are kept for later runs (default: downloaded for this run only). */
  readCache?: TReadCache;
  defaultMaxRetries: number;
  /** Checked before a loading step hands its input to DuckDB, as for an upload's profile (unset: not checked). */
  inputLimits?: TInputLimits;
  llm?: { baseUrl: string; apiKey: string; model: string; timeoutSeconds: number };
};
