import type { TDataFormat } from "../schemas/data.ts";

const BY_EXTENSION: Record<string, TDataFormat> = {
  csv: "csv",
  tsv: "tsv",
  tab: "tsv",
  json: "json",
  jsonl: "jsonl",
  ndjson: "jsonl",
  parquet: "parquet",
  xlsx: "xlsx",
  gz: "gzip",
  gzip: "gzip",
};

export const FORMAT_CONTENT_TYPES: Record<Exclude<TDataFormat, "unknown">, string> = {
  csv: "text/csv",
  tsv: "text/tab-separated-values",
  json: "application/json",
  jsonl: "application/x-ndjson",
  parquet: "application/vnd.apache.parquet",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  gzip: "application/gzip",
};

const startsWith = (head: Buffer, bytes: number[]) => bytes.every((b, i) => head[i] === b);

/** Looks at text the way a person would: JSON punctuation first, then the delimiter of the first line. */
function sniffText(head: Buffer): TDataFormat {
  if (head.includes(0)) return "unknown"; // binary
  const text = head.toString("utf8").replace(/^\uFEFF/, "");
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== "");
  const first = lines[0]?.trim() ?? "";
  if (first.startsWith("[")) return "json";
  if (first.startsWith("{")) return lines.length > 1 && first.endsWith("}") && lines[1]!.trim().startsWith("{") ? "jsonl" : "json";
  if (first.includes("\t")) return "tsv";
  if (first.includes(",") || first.includes(";")) return "csv";
  return "unknown";
}

/**
 * The format of a file from its name and its first bytes. Magic bytes win over the extension
 * (a `.csv` that is really Parquet is Parquet); text formats trust a known extension and are
 * sniffed otherwise.
 */
export function detectFormat(filename: string, head: Buffer): TDataFormat {
  const ext = filename.toLowerCase().split(".").pop() ?? "";
  const byExt = filename.includes(".") ? BY_EXTENSION[ext] : undefined;
  if (startsWith(head, [0x50, 0x41, 0x52, 0x31])) return "parquet"; // "PAR1"
  if (startsWith(head, [0x1f, 0x8b])) return "gzip";
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return byExt === "xlsx" ? "xlsx" : "unknown"; // a zip
  if (byExt === "parquet" || byExt === "xlsx" || byExt === "gzip") return "unknown"; // the name lies about binary content
  if (byExt && !head.includes(0)) return byExt;
  return sniffText(head);
}
