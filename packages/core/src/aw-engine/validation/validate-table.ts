import type { TValidationSpec } from "../../schemas/validation.ts";
import type { Workspace } from "../workspace.ts";
import type { TCosmoCheckOptions } from "./cosmo-ready-check.ts";
import { checkFunctional } from "./functional-check.ts";
import { checkInfoDict } from "./info-dict-check.ts";
import { checkSchema } from "./schema-check.ts";
import type { TValidationReport } from "./types.ts";

/** Validates a table against a spec, collecting every failure (not just the first); a cosmo-ready check also judges the links beside it. */
export async function validateTable(
  ws: Workspace,
  table: string,
  spec: TValidationSpec,
  options: TCosmoCheckOptions = {},
): Promise<TValidationReport> {
  switch (spec.kind) {
    case "schema": {
      const failures = await checkSchema(ws, table, spec);
      return { passed: failures.length === 0, kind: spec.kind, failures };
    }
    case "info_dict": {
      const failures = await checkInfoDict(ws, table, spec);
      return { passed: failures.length === 0, kind: spec.kind, failures };
    }
    case "functional": {
      const failures = await checkFunctional(ws, table, spec, options);
      return { passed: failures.length === 0, kind: spec.kind, check: spec.check, failures };
    }
    case "all":
    case "any": {
      const children: TValidationReport[] = [];
      for (const child of spec.of) children.push(await validateTable(ws, table, child, options));
      const passed = spec.kind === "all" ? children.every((c) => c.passed) : children.some((c) => c.passed);
      return { passed, kind: spec.kind, failures: passed ? [] : children.flatMap((c) => c.failures), children };
    }
  }
}
