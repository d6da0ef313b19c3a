import { ZWorkflowDefinitionSchema, type TWorkflowDefinition } from "../schemas/workflow.ts";
import { STARTER_WORKFLOWS } from "./starter-workflows.ts";

export type TTemplate = { id: string; name: string; description: string; definition: TWorkflowDefinition };

// Parsed once at load: a template that breaks the step contract fails at startup, not in front of a user.
const TEMPLATES: TTemplate[] = STARTER_WORKFLOWS.map(({ id, definition }) => {
  const parsed = ZWorkflowDefinitionSchema.parse(definition);
  return { id, name: parsed.name, description: parsed.description, definition: parsed };
});

/** The starter workflows, each a complete, valid workflow definition. */
export function listTemplates(): TTemplate[] {
  return structuredClone(TEMPLATES);
}
