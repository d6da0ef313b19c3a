import { z } from "zod";

/** Which columns feed a Cosmograph view: point positions, size, colour, label, id, and link endpoints and weight. */
export const ZCosmoMappingSchema = z.object({
  pointsXBy: z.string().optional(),
  pointsYBy: z.string().optional(),
  pointSizeBy: z.string().optional(),
  pointColorBy: z.string().optional(),
  pointLabelBy: z.string().optional(),
  pointIdBy: z.string().optional(),
  linkSourceBy: z.string().optional(),
  linkTargetBy: z.string().optional(),
  /** A numeric column: the strength of each link. */
  linkWeightBy: z.string().optional(),
});
export type TCosmoMapping = z.infer<typeof ZCosmoMappingSchema>;
