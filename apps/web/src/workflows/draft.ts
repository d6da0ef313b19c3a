import type { TStepInput, TStepType, TWorkflowDefinitionInput } from "@aw/core/schemas";

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

/** Accepts an exported file (`{definition}` or a bare definition) and keeps only the definition fields. */
export function draftFromJson(text: string): TDraft {
  const raw: unknown = JSON.parse(text);
  if (!raw || typeof raw !== "object") throw new Error("The file does not contain a workflow object");
  const obj = ("definition" in raw && raw.definition && typeof raw.definition === "object" ? raw.definition : raw) as Record<
    string,
    unknown
  >;
  if (!Array.isArray(obj.steps)) throw new Error("The file has no `steps` array");
  return {
    name: typeof obj.name === "string" ? obj.name : "",
    description: typeof obj.description === "string" ? obj.description : "",
    steps: obj.steps as TStepInput[],
    globalConfig: (obj.globalConfig as TDraft["globalConfig"]) ?? { approvalTimeoutAction: "reject", llm: { enabled: false } },
  };
}

/** What "Export JSON" writes: the definition only, ready to import elsewhere. */
export function draftToJson(draft: TDraft): string {
  const { name, description, steps, globalConfig } = draft;
  return JSON.stringify({ name, description, steps, globalConfig }, null, 2);
}
