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
import { recordAudit } from "../audit-record.ts";
import { publicProcedure, router } from "../init.ts";
import { jobCreated } from "./jobs.ts";

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
    .mutation(async ({ ctx, input }) => {
      const workflow = await ctx.core.workflows.create(input);
      const target = { type: "workflow", id: workflow.id } as const;
      await recordAudit(ctx, { action: "workflow.create", target, summary: `created workflow "${workflow.name}"` });
      return workflow;
    }),
  update: publicProcedure.input(ZWorkflowUpdateSchema).mutation(async ({ ctx, input }) => {
    const workflow = await ctx.core.workflows.update(input);
    const target = { type: "workflow", id: workflow.id } as const;
    const summary = `saved workflow "${workflow.name}" as version ${workflow.version}`;
    await recordAudit(ctx, { action: "workflow.update", target, summary, details: { version: workflow.version } });
    return workflow;
  }),
  delete: publicProcedure.input(ZByIdSchema).mutation(async ({ ctx, input }) => {
    const deleted = await ctx.core.workflows.delete(input.id);
    const target = { type: "workflow", id: input.id } as const;
    const summary = `deleted workflow ${input.id} with ${deleted.deletedJobs} job(s)`;
    await recordAudit(ctx, { action: "workflow.delete", target, summary, details: { deletedJobs: deleted.deletedJobs } });
    return deleted;
  }),
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
    .mutation(async ({ ctx, input }) => {
      const job = await ctx.core.jobs.executeWorkflow(input);
      await recordAudit(ctx, jobCreated(job));
      return job;
    }),
});
