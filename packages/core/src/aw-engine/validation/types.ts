import type { TValidationSpec } from "../../schemas/validation.ts";
import type { TJsonRow } from "../sample.ts";

/** One broken rule: how many rows (or columns, or statistics) break it, and up to five examples. */
export type TValidationFailure = {
  rule: string;
  message: string;
  count: number;
  examples: TJsonRow[];
  column?: string;
};

export type TValidationReport = {
  passed: boolean;
  kind: TValidationSpec["kind"];
  /** For `functional`: which check ran. */
  check?: string;
  failures: TValidationFailure[];
  /** For `all` / `any`: each child's report. */
  children?: TValidationReport[];
};

export const MAX_EXAMPLES = 5;
