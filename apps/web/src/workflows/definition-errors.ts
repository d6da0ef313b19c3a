import { type TWorkflowDefinition, ZWorkflowDefinitionSchema } from "@aw/core/schemas";

type TParse = ReturnType<typeof ZWorkflowDefinitionSchema.safeParse>;
type TIssue = NonNullable<TParse["error"]>["issues"][number];
type TErrorMap = NonNullable<NonNullable<Parameters<typeof ZWorkflowDefinitionSchema.safeParse>[1]>["error"]>;

/** Errors keyed by dotted path (`steps.0.config.target`), the same keys the server sends in `error.data.fields`. */
export type TFieldErrors = Record<string, string>;

export type TDefinitionCheck = { ok: true; definition: TWorkflowDefinition; errors: TFieldErrors } | { ok: false; errors: TFieldErrors };

// Plain-language messages for the generic cases; specific messages from the contract pass through.
const friendly: TErrorMap = (issue) => {
  if (issue.code === "invalid_type" && issue.input === undefined) return "Required";
  if (issue.code === "too_small" && issue.origin === "string" && issue.minimum === 1) return "Required";
  if (issue.code === "too_small" && issue.origin === "array") return `Add at least ${String(issue.minimum)}`;
  if (issue.code === "invalid_value") return `Choose one of: ${issue.values.map(String).join(", ")}`;
  return undefined;
};

/** Validates a draft against the shared contract and spreads the issues onto the fields they belong to. */
export function checkDefinition(draft: unknown): TDefinitionCheck {
  const parsed = ZWorkflowDefinitionSchema.safeParse(draft, { error: friendly });
  if (parsed.success) return { ok: true, definition: parsed.data, errors: {} };
  const errors: TFieldErrors = {};
  for (const issue of parsed.error.issues) collect(issue, [], errors);
  return { ok: false, errors };
}

/** A union reports one issue list per branch; keep the branch the user meant (the one whose discriminators matched). */
function collect(issue: TIssue, prefix: PropertyKey[], errors: TFieldErrors) {
  const path = [...prefix, ...issue.path];
  if (issue.code === "invalid_union" && issue.errors.length > 0) {
    const branch = pickBranch(issue.errors);
    if (branch) {
      for (const inner of branch) collect(inner, path, errors);
      return;
    }
  }
  const key = path.map(String).join(".");
  errors[key] ??= issue.message;
}

const DISCRIMINATORS = new Set(["kind", "check", "type", "op"]);

function pickBranch(branches: TIssue[][]): TIssue[] | undefined {
  const matching = branches.filter((issues) => !issues.some((i) => i.path.length === 1 && DISCRIMINATORS.has(String(i.path[0]))));
  return matching.sort((a, b) => a.length - b.length)[0];
}

/** How many errors sit at `prefix` or below it, e.g. to flag a collapsed step card. */
export function countErrorsUnder(errors: TFieldErrors, prefix: string): number {
  return Object.keys(errors).filter((key) => key === prefix || key.startsWith(`${prefix}.`)).length;
}

const ITEM_NAMES: Record<string, string> = {
  operations: "operation",
  rules: "rule",
  assertions: "assertion",
  columns: "column",
  steps: "step",
};

/**
 * "Step 2 (Prepare) › operation 1 › column" instead of `steps.1.config.operations.0.column`: every
 * position counts from one, as the step cards do. `steps` may be anything a file held.
 */
export function describePath(path: string, steps: readonly unknown[]): string {
  if (path === "" || path === "(input)") return "Workflow";
  if (path === "name") return "Workflow name";
  const parts = path.split(".");
  const words: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] ?? "";
    const next = parts[i + 1];
    if (part === "config" || part === "spec") continue;
    if (next !== undefined && /^\d+$/.test(next)) {
      const index = Number(next);
      if (part === "steps" && i === 0) {
        const step: unknown = steps[index];
        const name = step && typeof step === "object" && "name" in step && typeof step.name === "string" ? step.name : "";
        words.push(`Step ${index + 1}${name ? ` (${name})` : ""}`);
      } else {
        words.push(`${ITEM_NAMES[part] ?? part} ${index + 1}`);
      }
      i++;
      continue;
    }
    words.push(part);
  }
  return words.join(" › ");
}
