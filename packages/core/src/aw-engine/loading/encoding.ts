import fs from "node:fs";
import { pipeline } from "node:stream/promises";
import zlib from "node:zlib";
import chardet from "chardet";
import iconv from "iconv-lite";
import type { TCompression, TSourceEncoding } from "./types.ts";

/** The encoding a byte-order mark announces, and its length. */
export function bomEncoding(head: Uint8Array): { encoding: TSourceEncoding; length: number } | null {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: "utf-8", length: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: "utf-16le", length: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: "utf-16be", length: 2 };
  return null;
}

/** True when the bytes decode as UTF-8, allowing a multi-byte character cut at the end. */
export function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/** Maps chardet's names onto the encodings we transcode; unknown single-byte guesses read as cp1252. */
function fromChardet(name: string | null): TSourceEncoding {
  switch (name?.toUpperCase()) {
    case "UTF-8":
      return "utf-8";
    case "UTF-16LE":
      return "utf-16le";
    case "UTF-16BE":
      return "utf-16be";
    case "ISO-8859-1":
      return "latin1";
    default:
      return "windows-1252";
  }
}

/** Best guess of a text sample's encoding: BOM, then strict UTF-8, then chardet. */
export function detectEncoding(head: Uint8Array): TSourceEncoding {
  const bom = bomEncoding(head);
  if (bom) return bom.encoding;
  if (isUtf8(head)) return "utf-8";
  return fromChardet(chardet.detect(head));
}

/**
 * Scans the file for the first chunk that is not UTF-8 and guesses that chunk's encoding;
 * catches files whose first kilobytes are ASCII but whose later rows are latin-1.
 */
export async function detectEncodingBeyondHead(path: string, compression: TCompression): Promise<TSourceEncoding | null> {
  const source = openDecompressed(path, compression);
  const decoder = new TextDecoder("utf-8", { fatal: true });
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      try {
        decoder.decode(chunk, { stream: true });
      } catch {
        return fromChardet(chardet.detect(chunk));
      }
    }
    return null;
  } finally {
    source.destroy();
  }
}

export function openDecompressed(path: string, compression: TCompression) {
  const file = fs.createReadStream(path);
  return compression === "gzip" ? file.pipe(zlib.createGunzip()) : file;
}

/** Streams `path` (optionally gzip) in `encoding` to a plain UTF-8 file without a BOM. */
export async function transcodeToUtf8(path: string, compression: TCompression, encoding: TSourceEncoding, dest: string): Promise<void> {
  const source = compression === "gzip" ? [fs.createReadStream(path), zlib.createGunzip()] : [fs.createReadStream(path)];
  await pipeline([...source, iconv.decodeStream(encoding, { stripBOM: true }), iconv.encodeStream("utf8"), fs.createWriteStream(dest)]);
}
