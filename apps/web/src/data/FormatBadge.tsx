import { Badge } from "@mantine/core";

const COLORS: Record<string, string> = {
  csv: "blue",
  tsv: "blue",
  json: "grape",
  jsonl: "grape",
  parquet: "teal",
  xlsx: "green",
  gzip: "gray",
  unknown: "gray",
};

export function FormatBadge({ format }: { format: string }) {
  return (
    <Badge variant="light" color={COLORS[format] ?? "gray"} radius="sm" tt="uppercase">
      {format}
    </Badge>
  );
}
