import { z } from "zod";

/** How a page of rows is ordered and filtered: by column name, compared with bound values (never spliced into SQL). */
export const ROW_FILTER_OPS = ["contains", "equals", "gt", "lt", "is_null", "not_null"] as const;

export const ZRowViewSchema = z.object({
  sort: z
    .array(z.object({ column: z.string().min(1).max(500), desc: z.boolean().default(false) }))
    .max(5, "sort by at most 5 columns")
    .default([]),
  filters: z
    .array(
      z.object({
        column: z.string().min(1).max(500),
        op: z.enum(ROW_FILTER_OPS),
        value: z.union([z.string().max(1000), z.number()]).optional(),
      }),
    )
    .max(10, "at most 10 filters")
    .default([]),
});
export type TRowView = z.infer<typeof ZRowViewSchema>;
export type TRowViewInput = z.input<typeof ZRowViewSchema>;
