import type { TStepInput, TStepType, TWorkflowDefinitionInput } from "@aw/core/schemas";
import { checkDefinition, describePath } from "./definition-errors.ts";

export type TStepOf<K extends TStepType> = Extract<TStepInput, { type: K }>;
export type TDraft = TWorkflowDefinitionInput;

export const STEP_LABELS: Record<TStepType, { title: string; description: string; color: string }> = {
  loading: { title: "Load", description: "Read the input file; format, delimiter and encoding are inferred and retried", color: "blue" },
  profiling: { title: "Profile", description: "Column types, nulls, distinct counts, statistics and histograms", color: "cyan" },
  preparing: {
    title: "Prepare",
    description: "Transform toward a target: cosmo-ready, clean, ML-ready, plot-ready or custom",
    color: "violet",
  },
  validation: { title: "Validate", description: "Check schema, statistics or fitness for a purpose", color: "orange" },
  export: { title: "Export", description: "Write the result as CSV, Parquet, JSON or JSON Lines", color: "teal" },
};

const DEFAULTS: { [K in TStepType]: TStepOf<K> } = {
  loading: { type: "loading", name: "Load data", config: { format: "auto", encoding: "auto" } },
  profiling: { type: "profiling", name: "Profile", config: { histogramBins: 20, topValues: 10 } },
  preparing: { type: "preparing", name: "Prepare", config: { target: "cosmo-ready" } },
  validation: { type: "validation", name: "Validate", config: { spec: { kind: "functional", check: "cosmo-ready" } } },
  export: { type: "export", name: "Export", config: { format: "csv" } },
};

export function newStep(type: TStepType): TStepInput {
  return structuredClone(DEFAULTS[type]);
}

export function emptyDraft(): TDraft {
  return {
    name: "",
    description: "",
    steps: [newStep("loading"), newStep("profiling")],
    globalConfig: { approvalTimeoutAction: "reject", llm: { enabled: false } },
  };
}

export function moveItem<T>(items: readonly T[], from: number, to: number): T[] {
  if (to < 0 || to >= items.length) return [...items];
  const next = [...items];
  const [moved] = next.splice(from, 1);
  if (moved !== undefined) next.splice(to, 0, moved);
  return next;
}

/** An imported file that does not match the workflow contract; `problems` are ready to show, one per field. */
export class ImportError extends Error {
  constructor(
    message: string,
    readonly problems: string[] = [],
  ) {
    super(message);
  }
}

/**
 * Accepts an exported file (`{definition}` or a bare definition), checked against the shared workflow
 * contract before the builder sees it: a file with an unknown step type, a step without config or any
 * other mismatch is refused whole, with every problem named.
 */
export function draftFromJson(text: string): TDraft {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new ImportError(`The file is not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) throw new ImportError("The file does not contain a workflow object");
  const obj = ("definition" in raw && raw.definition && typeof raw.definition === "object" ? raw.definition : raw) as Record<
    string,
    unknown
  >;
  if (!Array.isArray(obj.steps)) throw new ImportError("The file has no `steps` array");
  const candidate = {
    name: typeof obj.name === "string" ? obj.name : "",
    description: typeof obj.description === "string" ? obj.description : "",
    steps: obj.steps,
    globalConfig: obj.globalConfig ?? { approvalTimeoutAction: "reject", llm: { enabled: false } },
  };
  // The name may still be empty: the builder asks for it before saving.
  const check = checkDefinition({ ...candidate, name: candidate.name || "imported" });
  if (!check.ok) {
    const problems = Object.entries(check.errors).map(([path, message]) => `${describePath(path, obj.steps as unknown[])}: ${message}`);
    throw new ImportError(
      `The file does not match the workflow format (${problems.length} ${problems.length === 1 ? "problem" : "problems"})`,
      problems,
    );
  }
  return { ...check.definition, name: candidate.name };
}

/** What "Export JSON" writes: the definition only, ready to import elsewhere. */
export function draftToJson(draft: TDraft): string {
  const { name, description, steps, globalConfig } = draft;
  return JSON.stringify({ name, description, steps, globalConfig }, null, 2);
}
