import { publicProcedure, router } from "../init.ts";

export const healthRouter = router({
  check: publicProcedure.query(({ ctx }) => ctx.core.health()),
});
