import { NumberInput, SimpleGrid } from "@mantine/core";
import { useFieldErrors } from "../builder-context.ts";
import type { TStepOf } from "../draft.ts";

type TConfig = TStepOf<"profiling">["config"];
type TProps = { path: string; value: TConfig; onChange: (value: TConfig) => void };

export function ProfilingStepForm({ path, value, onChange }: TProps) {
  const fieldError = useFieldErrors();
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm">
      <NumberInput
        label="Histogram bins"
        min={2}
        max={200}
        value={value.histogramBins ?? ""}
        onChange={(v) => onChange({ ...value, histogramBins: typeof v === "number" ? v : undefined })}
        error={fieldError(`${path}.histogramBins`)}
      />
      <NumberInput
        label="Top values per column"
        min={1}
        max={100}
        value={value.topValues ?? ""}
        onChange={(v) => onChange({ ...value, topValues: typeof v === "number" ? v : undefined })}
        error={fieldError(`${path}.topValues`)}
      />
    </SimpleGrid>
  );
}
