import type { TCosmoMapping } from "@aw/core/schemas";
import { Badge, Group } from "@mantine/core";

const LABELS: [keyof TCosmoMapping, string][] = [
  ["pointsXBy", "x"],
  ["pointsYBy", "y"],
  ["pointColorBy", "colour"],
  ["pointSizeBy", "size"],
  ["pointLabelBy", "label"],
  ["pointIdBy", "id"],
  ["linkSourceBy", "source"],
  ["linkTargetBy", "target"],
  ["linkWeightBy", "weight"],
];

/** The columns a Cosmograph view would use, one badge per role. */
export function MappingBadges({ mapping }: { mapping: TCosmoMapping }) {
  return (
    <Group gap={6}>
      {LABELS.filter(([key]) => mapping[key]).map(([key, label]) => (
        <Badge key={key} variant="light" color="violet" style={{ textTransform: "none" }}>
          {label}: {mapping[key]}
        </Badge>
      ))}
    </Group>
  );
}

/** The mapping a preparing step reported in its metadata, if it prepared for Cosmograph. */
export function mappingOf(metadata: Record<string, unknown> | undefined): TCosmoMapping | null {
  const mapping = metadata?.mapping;
  return mapping && typeof mapping === "object" ? mapping : null;
}
