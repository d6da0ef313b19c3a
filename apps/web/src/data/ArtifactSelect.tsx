import { Group, Select, Text } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useState } from "react";
import { formatBytes } from "../format.ts";
import { trpc } from "../trpc.ts";

type TProps = {
  label: string;
  description?: string;
  value: string | null;
  onChange: (id: string | null) => void;
  placeholder?: string;
  required?: boolean;
  error?: string;
  /** Focused when its dialog opens. */
  autoFocus?: boolean;
};

/** Searchable picker over uploaded and produced datasets, newest first; only tables can be chosen. */
export function ArtifactSelect({
  label,
  description,
  value,
  onChange,
  placeholder = "Choose a dataset",
  required,
  error,
  autoFocus,
}: TProps) {
  const [search, setSearch] = useState("");
  const [debounced] = useDebouncedValue(search, 250);
  const list = trpc.data.list.useQuery({ page: 1, pageSize: 50, search: debounced || undefined, sort: "createdAt", order: "desc" });
  const items = list.data?.items ?? [];
  // A file the engine could not read as a table (an image, a failed profile) is listed but cannot be picked: the reason shows instead.
  const unreadable = (a: (typeof items)[number]) =>
    a.metadata.profileStatus === "failed" ? (a.metadata.profileError ?? "could not be read") : null;
  const details = new Map(items.map((a) => [a.id, unreadable(a) ?? `${a.format} · ${formatBytes(a.sizeBytes)}`]));
  return (
    <Select
      data-autofocus={autoFocus || undefined}
      label={label}
      description={description}
      placeholder={placeholder}
      withAsterisk={required}
      searchable
      clearable={!required}
      nothingFoundMessage={list.isPending ? "Loading…" : "No datasets match"}
      onSearchChange={setSearch}
      data={items.map((a) => ({ value: a.id, label: a.filename, disabled: unreadable(a) !== null }))}
      value={value}
      onChange={onChange}
      error={error}
      renderOption={({ option }) => (
        <Group justify="space-between" wrap="nowrap" w="100%">
          <Text size="sm" truncate>
            {option.label}
          </Text>
          <Text size="xs" c="dimmed" truncate maw="60%">
            {details.get(option.value)}
          </Text>
        </Group>
      )}
    />
  );
}
