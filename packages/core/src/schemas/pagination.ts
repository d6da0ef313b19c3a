import { z } from "zod";

/** Page-based listing shared by every list procedure. */
export const ZPageSchema = z.object({
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(200).default(20),
  search: z.string().trim().max(200).optional(),
});
export type TPage = z.infer<typeof ZPageSchema>;

export const ZSortOrderSchema = z.enum(["asc", "desc"]);
