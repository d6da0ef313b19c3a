import { ENCODINGS, LOAD_FORMATS } from "@aw/core/schemas";
import { NumberInput, Select, SimpleGrid, TextInput } from "@mantine/core";
import { useFieldErrors } from "../builder-context.ts";
import type { TStepOf } from "../draft.ts";

type TConfig = TStepOf<"loading">["config"];
type TProps = { path: string; value: TConfig; onChange: (value: TConfig) => void };

const HEADER_OPTIONS = [
  { value: "auto", label: "Detect" },
  { value: "yes", label: "First row is the header" },
  { value: "no", label: "No header row" },
];

export function LoadingStepForm({ path, value, onChange }: TProps) {
  const fieldError = useFieldErrors();
  const set = <K extends keyof TConfig>(key: K, v: TConfig[K]) => onChange({ ...value, [key]: v });
  const format = value.format ?? "auto";
  const isDelimited = ["auto", "csv", "tsv", "delimited"].includes(format);
  // Options of one format appear once that format is chosen; "auto" keeps the form short.
  const isText = ["csv", "tsv", "delimited"].includes(format);
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm">
      <Select
        label="Format"
        data={[...LOAD_FORMATS]}
        value={format}
        onChange={(v) => set("format", (v ?? "auto") as TConfig["format"])}
        error={fieldError(`${path}.format`)}
        allowDeselect={false}
      />
      <Select
        label="Encoding"
        data={[...ENCODINGS]}
        value={value.encoding ?? "auto"}
        onChange={(v) => set("encoding", (v ?? "auto") as TConfig["encoding"])}
        error={fieldError(`${path}.encoding`)}
        allowDeselect={false}
      />
      {isDelimited && (
        <TextInput
          label="Delimiter"
          placeholder="Detect"
          value={value.delimiter ?? ""}
          onChange={(e) => set("delimiter", e.currentTarget.value || undefined)}
          error={fieldError(`${path}.delimiter`)}
          maxLength={4}
        />
      )}
      {isDelimited && (
        <Select
          label="Header"
          data={HEADER_OPTIONS}
          value={value.header === undefined ? "auto" : value.header ? "yes" : "no"}
          onChange={(v) => set("header", v === "auto" || v === null ? undefined : v === "yes")}
          allowDeselect={false}
        />
      )}
      {isText && (
        <NumberInput
          label="Skip rows"
          placeholder="0"
          min={0}
          value={value.skipRows ?? ""}
          onChange={(v) => set("skipRows", typeof v === "number" ? v : undefined)}
          error={fieldError(`${path}.skipRows`)}
        />
      )}
      {format === "xlsx" && (
        <TextInput
          label="Sheet"
          placeholder="First sheet"
          value={value.sheet ?? ""}
          onChange={(e) => set("sheet", e.currentTarget.value || undefined)}
          error={fieldError(`${path}.sheet`)}
        />
      )}
      {format === "json" && (
        <TextInput
          label="JSON path"
          placeholder="Detect, e.g. links"
          value={value.jsonPath ?? ""}
          onChange={(e) => set("jsonPath", e.currentTarget.value || undefined)}
          error={fieldError(`${path}.jsonPath`)}
        />
      )}
    </SimpleGrid>
  );
}
