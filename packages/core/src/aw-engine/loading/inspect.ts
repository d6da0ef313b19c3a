import fs from "node:fs/promises";
import path from "node:path";
import zlib from "node:zlib";
import iconv from "iconv-lite";
import { bomEncoding, detectEncoding } from "./encoding.ts";
import type { TCompression, TReadFormat, TSourceEncoding } from "./types.ts";

const HEAD_BYTES = 64 * 1024;

/** What the agent learns about a file before reading it. */
export type TInspection = {
  sizeBytes: number;
  /** Lower-case extension without the compression suffix, e.g. `csv` for `a.csv.gz`. */
  extension: string;
  compression: TCompression;
  /** Format from magic bytes or content, or null when the content names none. */
  contentFormat: TReadFormat | null;
  /** Format the extension suggests, or null. */
  extensionFormat: TReadFormat | null;
  encoding: TSourceEncoding;
  /** The content starts with a byte-order mark. */
  bom: boolean;
  /** Decoded start of the (decompressed) content, for dialect and shape sniffing. */
  text: string;
  /** Share of control bytes in the decoded sample; high for binary content. */
  controlShare: number;
};

const EXTENSION_FORMATS: Record<string, TReadFormat> = {
  csv: "csv",
  tsv: "csv",
  tab: "csv",
  txt: "csv",
  psv: "csv",
  dat: "csv",
  json: "json",
  geojson: "json",
  jsonl: "jsonl",
  ndjson: "jsonl",
  parquet: "parquet",
  pq: "parquet",
  xlsx: "xlsx",
  xlsm: "xlsx",
  arrow: "arrow",
  arrows: "arrow",
  feather: "arrow",
  ipc: "arrow",
};

/** The extension under a `.gz` suffix; whether the file is gzip is read from its magic bytes. */
function extensionOf(filename: string): string {
  const ext = path.extname(
    path
      .basename(filename)
      .toLowerCase()
      .replace(/\.gz(ip)?$/, ""),
  );
  return ext.startsWith(".") ? ext.slice(1) : "";
}

async function readHead(file: string, bytes: number): Promise<Buffer> {
  const handle = await fs.open(file, "r");
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** Decompresses the start of a gzip file; a truncated stream is expected and fine. */
function gunzipHead(compressed: Buffer): Buffer {
  try {
    return zlib.gunzipSync(compressed, { finishFlush: zlib.constants.Z_SYNC_FLUSH }).subarray(0, HEAD_BYTES);
  } catch {
    return Buffer.alloc(0);
  }
}

function isNdjson(text: string): boolean {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== "");
  if (lines.length < 2) return false;
  // Every complete line (the last may be cut) must be one JSON value on its own.
  return lines.slice(0, Math.min(lines.length - 1, 20)).every((line) => {
    try {
      JSON.parse(line);
      return true;
    } catch {
      return false;
    }
  });
}

/** Format the content itself announces: magic bytes first, then the first text character. */
function formatFromContent(raw: Buffer, text: string): TReadFormat | null {
  if (raw.subarray(0, 4).toString("latin1") === "PAR1") return "parquet";
  if (raw[0] === 0x50 && raw[1] === 0x4b && raw[2] === 0x03 && raw[3] === 0x04) return "xlsx";
  // Arrow IPC: the file format (Feather v2) opens with "ARROW1", the stream format with a 0xFFFFFFFF continuation marker.
  if (raw.subarray(0, 6).toString("latin1") === "ARROW1" || (raw.length >= 8 && raw.readUInt32LE(0) === 0xffffffff)) return "arrow";
  const first = text.trimStart()[0];
  if (first === "[") return "json";
  if (first === "{") return isNdjson(text) ? "jsonl" : "json";
  return null;
}

function controlShare(text: string): number {
  if (!text.length) return 0;
  let control = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 0xfffd) control++;
  }
  return control / text.length;
}

export async function inspectFile(file: string, filename: string): Promise<TInspection> {
  const { size } = await fs.stat(file);
  const extension = extensionOf(filename);
  const raw = await readHead(file, HEAD_BYTES);
  const compression: TCompression = raw[0] === 0x1f && raw[1] === 0x8b ? "gzip" : "none";
  const head = compression === "gzip" ? gunzipHead(await readHead(file, HEAD_BYTES * 4)) : raw;
  const encoding = detectEncoding(head);
  const bom = bomEncoding(head);
  const text = iconv.decode(head.subarray(bom?.length ?? 0), encoding);
  return {
    sizeBytes: size,
    extension,
    compression,
    contentFormat: formatFromContent(head, text),
    extensionFormat: EXTENSION_FORMATS[extension] ?? null,
    encoding,
    bom: bom !== null,
    text,
    controlShare: controlShare(text),
  };
}
