import type { TCore } from "@aw/core";
import {
  ZByIdSchema,
  ZDataArtifactAnswerSchema,
  ZDataArtifactPageSchema,
  ZDataDeleteAnswerSchema,
  ZDataDeleteInputSchema,
  ZDataListInputSchema,
  ZDataSampleInputSchema,
} from "@aw/core/schemas";
import { answers } from "../answers.ts";
import { recordAudit } from "../audit-record.ts";
import { downloadLink } from "../../download-links.ts";
import { publicProcedure, router } from "../init.ts";

/** Uploaded and produced files; upload and download themselves are REST (/api/v1/data). */
export const dataRouter = router({
  list: publicProcedure
    .meta({ openapi: { method: "GET", path: "/data", tags: ["data"], summary: "List data files, newest first" } })
    .input(ZDataListInputSchema)
    .output(answers<TCore["data"]["list"]>(ZDataArtifactPageSchema))
    .query(({ ctx, input }) => ctx.core.data.list(input)),
  get: publicProcedure
    .meta({ openapi: { method: "GET", path: "/data/{id}", tags: ["data"], summary: "A data file with its profile summary" } })
    .input(ZByIdSchema)
    .output(answers<TCore["data"]["get"]>(ZDataArtifactAnswerSchema))
    .query(({ ctx, input }) => ctx.core.data.get(input.id)),
  sample: publicProcedure.input(ZDataSampleInputSchema).query(({ ctx, input }) => ctx.core.data.sample(input)),
  profile: publicProcedure.input(ZByIdSchema).query(({ ctx, input }) => ctx.core.data.profile(input.id)),
  delete: publicProcedure
    .meta({ openapi: { method: "DELETE", path: "/data/{id}", tags: ["data"], summary: "Delete a data file and its stored copies" } })
    .input(ZDataDeleteInputSchema)
    .output(answers<TCore["data"]["delete"]>(ZDataDeleteAnswerSchema))
    .mutation(async ({ ctx, input }) => {
      const deleted = await ctx.core.data.delete(input);
      const summary = `deleted data ${input.id}${deleted.detachedJobs ? `, detached from ${deleted.detachedJobs} job(s)` : ""}`;
      await recordAudit(ctx, {
        action: "data.delete",
        target: { type: "artifact", id: input.id },
        summary,
        details: { force: input.force },
      });
      return deleted;
    }),
  /** A URL the browser downloads from by itself; with an API token it is signed and expires. */
  downloadLink: publicProcedure.input(ZByIdSchema).query(async ({ ctx, input }) => {
    await ctx.core.data.get(input.id); // an unknown id is NOT_FOUND here, not a dead link
    return downloadLink(ctx.core.config.AW_API_TOKEN, input.id);
  }),
});
