import { ZByIdSchema, ZDataDeleteInputSchema, ZDataListInputSchema, ZDataSampleInputSchema } from "@aw/core/schemas";
import { downloadLink } from "../../download-links.ts";
import { publicProcedure, router } from "../init.ts";

/** Uploaded and produced files; upload and download themselves are REST (/api/v1/data). */
export const dataRouter = router({
  list: publicProcedure.input(ZDataListInputSchema).query(({ ctx, input }) => ctx.core.data.list(input)),
  get: publicProcedure.input(ZByIdSchema).query(({ ctx, input }) => ctx.core.data.get(input.id)),
  sample: publicProcedure.input(ZDataSampleInputSchema).query(({ ctx, input }) => ctx.core.data.sample(input)),
  profile: publicProcedure.input(ZByIdSchema).query(({ ctx, input }) => ctx.core.data.profile(input.id)),
  delete: publicProcedure.input(ZDataDeleteInputSchema).mutation(({ ctx, input }) => ctx.core.data.delete(input)),
  /** A URL the browser downloads from by itself; with an API token it is signed and expires. */
  downloadLink: publicProcedure.input(ZByIdSchema).query(async ({ ctx, input }) => {
    await ctx.core.data.get(input.id); // an unknown id is NOT_FOUND here, not a dead link
    return downloadLink(ctx.core.config.AW_API_TOKEN, input.id);
  }),
});
