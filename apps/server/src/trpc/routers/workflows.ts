import { listTemplates } from "@aw/core";
import { ZByIdSchema, ZPageSchema, ZWorkflowExecuteSchema, ZWorkflowDefinitionSchema, ZWorkflowUpdateSchema } from "@aw/core/schemas";
import { publicProcedure, router } from "../init.ts";

export const workflowsRouter = router({
  list: publicProcedure.input(ZPageSchema).query(({ ctx, input }) => ctx.core.workflows.list(input)),
  get: publicProcedure.input(ZByIdSchema).query(({ ctx, input }) => ctx.core.workflows.get(input.id)),
  create: publicProcedure.input(ZWorkflowDefinitionSchema).mutation(({ ctx, input }) => ctx.core.workflows.create(input)),
  update: publicProcedure.input(ZWorkflowUpdateSchema).mutation(({ ctx, input }) => ctx.core.workflows.update(input)),
  delete: publicProcedure.input(ZByIdSchema).mutation(({ ctx, input }) => ctx.core.workflows.delete(input.id)),
  templates: publicProcedure.query(() => listTemplates()),
  /** One-call shortcut: create a job for the workflow's current version and queue it. */
  execute: publicProcedure.input(ZWorkflowExecuteSchema).mutation(({ ctx, input }) => ctx.core.jobs.executeWorkflow(input)),
});
