// Test and benchmark only: hostile uploads made on the fly.
import fs from "node:fs/promises";
import zlib from "node:zlib";

const ROW = "2024-01-01,some text value,12345.678,another field,42\n";
/** One gzip member holds this much: 4 MiB of rows compress to ~12 KiB. */
const MEMBER_BYTES = 4 * 2 ** 20;

/**
 * Writes a gzip file whose content is a CSV of repeated rows, `decompressedBytes` long (rounded up
 * to whole members): one member compressed once and written again and again, as a multi-member
 * gzip (RFC 1952), so 1 GiB of rows costs ~3 MB on disk and milliseconds to make.
 */
export async function writeGzipBomb(file: string, decompressedBytes: number): Promise<void> {
  const rows = ROW.repeat(Math.floor(MEMBER_BYTES / ROW.length));
  const first = zlib.gzipSync(`a,b,c,d,e\n${rows}`, { level: 9 });
  const member = zlib.gzipSync(rows, { level: 9 });
  const handle = await fs.open(file, "w");
  try {
    await handle.write(first);
    for (let written = rows.length; written < decompressedBytes; written += rows.length) await handle.write(member);
  } finally {
    await handle.close();
  }
}
