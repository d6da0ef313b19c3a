import fs from "node:fs";
import type { Readable } from "node:stream";
import zlib from "node:zlib";
import { humanBytes } from "../data/human-bytes.ts";

/** A file the engine refuses to read because it would pass a limit; the message names the limit. */
export class InputLimitError extends Error {
  override name = "InputLimitError";
}

export type TInputLimits = {
  /** Bytes a gzip file may decompress to (UPLOAD_MAX_DECOMPRESSED_BYTES). */
  decompressedMaxBytes: number;
  /** Columns a delimited file's header may name (TABLE_MAX_COLUMNS). */
  maxColumns: number;
};

/** How far into the content the header row is looked for. */
const HEADER_SCAN_BYTES = 16 * 2 ** 20;
const DELIMITERS = [",", "\t", ";", "|"];

async function isGzip(file: string): Promise<boolean> {
  const handle = await fs.promises.open(file, "r");
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(2), 0, 2, 0);
    return bytesRead === 2 && buffer[0] === 0x1f && buffer[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

/** Reads the content chunk by chunk until `take` returns false; a damaged gzip stream just ends it (the loader reports that in its own words). */
async function scan(file: string, gzip: boolean, take: (chunk: Buffer) => boolean, signal?: AbortSignal): Promise<void> {
  const raw = fs.createReadStream(file);
  const gunzip = gzip ? zlib.createGunzip() : undefined;
  if (gunzip) raw.once("error", (err) => gunzip.destroy(err));
  const source: Readable = gunzip ? raw.pipe(gunzip) : raw;
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      signal?.throwIfAborted();
      if (!take(chunk)) return;
    }
  } catch (err) {
    if (!(err instanceof Error && "code" in err && String(err.code).startsWith("Z_"))) throw err;
  } finally {
    raw.destroy();
    gunzip?.destroy();
  }
}

/** Streams a gzip file through zlib, counting what comes out, and stops as soon as it passes the limit. */
async function checkDecompressedSize(file: string, name: string, maxBytes: number, signal?: AbortSignal): Promise<void> {
  let bytes = 0;
  await scan(file, true, (chunk) => (bytes += chunk.length) <= maxBytes, signal);
  if (bytes > maxBytes)
    throw new InputLimitError(
      `"${name}" decompresses to more than ${humanBytes(maxBytes)} (limit ${humanBytes(maxBytes)}, UPLOAD_MAX_DECOMPRESSED_BYTES)`,
    );
}

/** The first line of the content (up to HEADER_SCAN_BYTES of it). */
async function firstLine(file: string, gzip: boolean): Promise<string> {
  const chunks: Buffer[] = [];
  let length = 0;
  await scan(file, gzip, (chunk) => {
    const end = chunk.indexOf(0x0a);
    chunks.push(end >= 0 ? chunk.subarray(0, end) : chunk);
    length += chunk.length;
    return end < 0 && length < HEADER_SCAN_BYTES;
  });
  return Buffer.concat(chunks).toString("latin1");
}

/** Fields in a delimited header row: the most any common delimiter splits it into, quoted delimiters not counted. */
export function headerColumns(line: string): number {
  const trimmed = line.trimStart();
  if (trimmed.startsWith("{") || trimmed.startsWith("[") || line.includes("\0")) return 1;
  const counts = new Map(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const char of line) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && counts.has(char)) counts.set(char, (counts.get(char) ?? 0) + 1);
  }
  return Math.max(...counts.values()) + 1;
}

/**
 * Checks what DuckDB would otherwise find out the hard way, reading the file only as far as it
 * has to: a gzip file must decompress to no more than the limit (a small upload can expand to
 * gigabytes), and a delimited header must not name more columns than the limit (DuckDB's CSV
 * reader needs memory per column: 4,096 columns of three rows exceed 256 MiB).
 */
export async function checkInputLimits(file: string, name: string, limits: TInputLimits, signal?: AbortSignal): Promise<void> {
  const gzip = await isGzip(file);
  const columns = headerColumns(await firstLine(file, gzip));
  if (columns > limits.maxColumns) {
    throw new InputLimitError(
      `"${name}" has ${columns.toLocaleString("en-US")} columns; the limit is ${limits.maxColumns.toLocaleString("en-US")} (TABLE_MAX_COLUMNS)`,
    );
  }
  if (gzip) await checkDecompressedSize(file, name, limits.decompressedMaxBytes, signal);
}
