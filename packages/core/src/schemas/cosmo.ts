import { z } from "zod";

/** A column name; empty leaves the choice to the agent. */
const column = z.string().max(200, "a column name is at most 200 characters").optional();

/** Which columns feed a Cosmograph view: point positions, size, colour, label, id, and link endpoints and weight. */
export const ZCosmoMappingSchema = z.object({
  pointsXBy: column,
  pointsYBy: column,
  pointSizeBy: column,
  pointColorBy: column,
  pointLabelBy: column,
  pointIdBy: column,
  linkSourceBy: column,
  linkTargetBy: column,
  /** A numeric column: the strength of each link. */
  linkWeightBy: column,
});
export type TCosmoMapping = z.infer<typeof ZCosmoMappingSchema>;
