import { ZDataDeleteInputSchema, ZDataIdSchema, ZDataListInputSchema, ZDataSampleInputSchema } from "@aw/core/schemas";
import { publicProcedure, router } from "../init.ts";

/** Uploaded and produced files; upload and download themselves are REST (/api/v1/data). */
export const dataRouter = router({
  list: publicProcedure.input(ZDataListInputSchema).query(({ ctx, input }) => ctx.core.data.list(input)),
  get: publicProcedure.input(ZDataIdSchema).query(({ ctx, input }) => ctx.core.data.get(input.id)),
  sample: publicProcedure.input(ZDataSampleInputSchema).query(({ ctx, input }) => ctx.core.data.sample(input)),
  profile: publicProcedure.input(ZDataIdSchema).query(({ ctx, input }) => ctx.core.data.profile(input.id)),
  delete: publicProcedure.input(ZDataDeleteInputSchema).mutation(({ ctx, input }) => ctx.core.data.delete(input)),
});
