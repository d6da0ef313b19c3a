import { EXPORT_FORMATS } from "@aw/core/schemas";
import { Select, SimpleGrid, TextInput } from "@mantine/core";
import { useFieldErrors } from "../builder-context.ts";
import type { TStepOf } from "../draft.ts";

type TConfig = TStepOf<"export">["config"];
type TProps = { path: string; value: TConfig; onChange: (value: TConfig) => void };

export function ExportStepForm({ path, value, onChange }: TProps) {
  const fieldError = useFieldErrors();
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm">
      <Select
        label="Format"
        data={[...EXPORT_FORMATS]}
        value={value.format ?? "csv"}
        onChange={(v) => onChange({ ...value, format: v ?? "csv" })}
        error={fieldError(`${path}.format`)}
        allowDeselect={false}
      />
      <TextInput
        label="File name"
        placeholder="Derived from the input"
        value={value.filename ?? ""}
        onChange={(e) => onChange({ ...value, filename: e.currentTarget.value || undefined })}
        error={fieldError(`${path}.filename`)}
      />
    </SimpleGrid>
  );
}
