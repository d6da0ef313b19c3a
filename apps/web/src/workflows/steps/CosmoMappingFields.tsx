import type { TCosmoMapping } from "@aw/core/schemas";
import { SimpleGrid } from "@mantine/core";
import { ColumnInput } from "../column-fields.tsx";

type TProps = { path: string; value: TCosmoMapping | undefined; onChange: (value: TCosmoMapping | undefined) => void };

/** Each field is typed so a new mapping key in the contract needs a label here. */
const MAPPING_LABELS: Record<keyof TCosmoMapping, string> = {
  pointsXBy: "X position",
  pointsYBy: "Y position",
  pointSizeBy: "Point size",
  pointColorBy: "Point colour",
  pointLabelBy: "Point label",
  pointIdBy: "Point id",
  linkSourceBy: "Link source",
  linkTargetBy: "Link target",
  linkWeightBy: "Link weight",
};

/** Optional explicit column choices for a Cosmograph view; empty fields are chosen by the agent. */
export function CosmoMappingFields({ path, value, onChange }: TProps) {
  const set = (key: keyof TCosmoMapping, column: string | undefined) => {
    const next = { ...value, [key]: column };
    if (column === undefined) delete next[key];
    onChange(Object.keys(next).length ? next : undefined);
  };
  return (
    <SimpleGrid cols={{ base: 2, lg: 4 }} spacing="sm">
      {(Object.keys(MAPPING_LABELS) as (keyof TCosmoMapping)[]).map((key) => (
        <ColumnInput
          key={key}
          path={`${path}.${key}`}
          label={MAPPING_LABELS[key]}
          value={value?.[key]}
          onChange={(column) => set(key, column)}
        />
      ))}
    </SimpleGrid>
  );
}
