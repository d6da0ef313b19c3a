import type { TCosmoMapping } from "../../schemas/cosmo.ts";
import type { TOperation } from "../../schemas/operations.ts";
import type { TValidationSpec } from "../../schemas/validation.ts";
import type { TPreparingConfig } from "../../schemas/workflow.ts";
import type { TColumnInfo } from "../loading/types.ts";
import type { TValidationFailure } from "../validation/types.ts";
import type { Workspace } from "../workspace.ts";

export type TDroppedColumn = { column: string; reason: string };

/** What a target planner sees: the untouched source table and what went wrong last time. */
export type TTargetContext = {
  ws: Workspace;
  table: string;
  columns: TColumnInfo[];
  config: TPreparingConfig;
  /** Failures of the previous attempt's check; null on the first attempt. */
  feedback: TValidationFailure[] | null;
  /** The links between the rows of `table`, loaded beside them (nodes and links); planners leave them as they are. */
  links?: { table: string; columns: TColumnInfo[] };
  /** The planner's own notes between attempts (e.g. column pairs already tried). */
  memory: Record<string, unknown>;
};

export type TTargetPlan = {
  operations: TOperation[];
  mapping?: TCosmoMapping;
  dropped: TDroppedColumn[];
  /** Human-readable decisions, e.g. "x/y: longitude/latitude (named)". */
  notes: string[];
  /** Extra counts for the report, e.g. rows dropped for non-finite positions. */
  counts?: Record<string, number>;
  /** The functional check the prepared table must pass; null when the target has none. */
  check: TValidationSpec | null;
};

/** The data cannot reach the target whatever the plan; retrying is pointless. */
export class TargetUnreachableError extends Error {
  override name = "TargetUnreachableError";
}
