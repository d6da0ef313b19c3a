import { Autocomplete, TagsInput } from "@mantine/core";
import { useColumns, useFieldErrors } from "./builder-context.ts";

type TColumnProps = {
  path: string;
  label: string;
  value: string | undefined;
  onChange: (value: string | undefined) => void;
  required?: boolean;
  description?: string;
};

/** One column name: free text, with the reference dataset's columns as suggestions. */
export function ColumnInput({ path, label, value, onChange, required, description }: TColumnProps) {
  const fieldError = useFieldErrors();
  const columns = useColumns();
  return (
    <Autocomplete
      label={label}
      description={description}
      withAsterisk={required}
      placeholder={required ? "column" : "auto"}
      data={columns}
      value={value ?? ""}
      onChange={(v) => onChange(v === "" ? undefined : v)}
      error={fieldError(path)}
      clearable
    />
  );
}

type TColumnsProps = {
  path: string;
  label: string;
  value: string[] | undefined;
  onChange: (value: string[] | undefined) => void;
  required?: boolean;
  description?: string;
};

/** Several column names; Enter or comma adds one. */
export function ColumnsInput({ path, label, value, onChange, required, description }: TColumnsProps) {
  const fieldError = useFieldErrors();
  const columns = useColumns();
  return (
    <TagsInput
      label={label}
      description={description}
      withAsterisk={required}
      placeholder={value?.length ? undefined : required ? "Type a column and press Enter" : "All columns"}
      data={columns}
      value={value ?? []}
      onChange={(v) => onChange(v.length ? v : undefined)}
      splitChars={[",", "Enter"]}
      error={fieldError(path)}
      clearable
    />
  );
}
