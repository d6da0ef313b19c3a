import { listTemplates, type TCore } from "@aw/core";
import {
  ZByIdSchema,
  ZJobAnswerSchema,
  ZPageSchema,
  ZTemplateAnswerSchema,
  ZWorkflowAnswerSchema,
  ZWorkflowDefinitionSchema,
  ZWorkflowExecuteSchema,
  ZWorkflowPageSchema,
  ZWorkflowUpdateSchema,
} from "@aw/core/schemas";
import { z } from "zod";
import { answers } from "../answers.ts";
import { publicProcedure, router } from "../init.ts";

export const workflowsRouter = router({
  list: publicProcedure
    .meta({ openapi: { method: "GET", path: "/workflows", tags: ["workflows"], summary: "List workflows" } })
    .input(ZPageSchema)
    .output(answers<TCore["workflows"]["list"]>(ZWorkflowPageSchema))
    .query(({ ctx, input }) => ctx.core.workflows.list(input)),
  get: publicProcedure
    .meta({ openapi: { method: "GET", path: "/workflows/{id}", tags: ["workflows"], summary: "A workflow's current definition" } })
    .input(ZByIdSchema)
    .output(answers<TCore["workflows"]["get"]>(ZWorkflowAnswerSchema))
    .query(({ ctx, input }) => ctx.core.workflows.get(input.id)),
  create: publicProcedure
    .meta({ openapi: { method: "POST", path: "/workflows", tags: ["workflows"], summary: "Create a workflow from its steps" } })
    .input(ZWorkflowDefinitionSchema)
    .output(answers<TCore["workflows"]["create"]>(ZWorkflowAnswerSchema))
    .mutation(({ ctx, input }) => ctx.core.workflows.create(input)),
  update: publicProcedure.input(ZWorkflowUpdateSchema).mutation(({ ctx, input }) => ctx.core.workflows.update(input)),
  delete: publicProcedure.input(ZByIdSchema).mutation(({ ctx, input }) => ctx.core.workflows.delete(input.id)),
  templates: publicProcedure
    .meta({ openapi: { method: "GET", path: "/templates", tags: ["workflows"], summary: "Starter workflows to create from" } })
    .input(z.void())
    .output(answers<typeof listTemplates>(z.array(ZTemplateAnswerSchema)))
    .query(() => listTemplates()),
  /** One-call shortcut: create a job for the workflow's current version and queue it. */
  execute: publicProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/workflows/{workflowId}/execute",
        tags: ["workflows"],
        summary: "Run the workflow's current version on a data file",
      },
    })
    .input(ZWorkflowExecuteSchema)
    .output(answers<TCore["jobs"]["executeWorkflow"]>(ZJobAnswerSchema))
    .mutation(({ ctx, input }) => ctx.core.jobs.executeWorkflow(input)),
});
