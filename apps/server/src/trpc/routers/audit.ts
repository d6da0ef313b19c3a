import { ZAuditListInputSchema } from "@aw/core/schemas";
import { z } from "zod";
import { publicProcedure, router } from "../init.ts";

/** The audit log: who did what, newest first. */
export const auditRouter = router({
  list: publicProcedure.input(ZAuditListInputSchema).query(({ ctx, input }) => ctx.core.audit.list(input)),
  actors: publicProcedure.input(z.void()).query(({ ctx }) => ctx.core.audit.actors()),
});
