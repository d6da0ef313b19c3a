import fs from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { restError } from "./rest-error.ts";

export type TDownloaded = { path: string; bytes: number };

/** GETs /api/v1/data/:id/download and streams it to `destination`; a failed transfer leaves no partial file. */
export async function downloadFile(
  baseUrl: string,
  headers: Record<string, string>,
  id: string,
  destination: string,
  signal?: AbortSignal,
): Promise<TDownloaded> {
  const res = await fetch(`${baseUrl}/api/v1/data/${encodeURIComponent(id)}/download`, { headers, signal });
  if (!res.ok || !res.body) throw await restError(res, "download");
  let bytes = 0;
  const source = Readable.fromWeb(res.body as NodeReadableStream<Uint8Array>).on("data", (chunk: Buffer) => (bytes += chunk.length));
  try {
    await pipeline(source, fs.createWriteStream(destination));
  } catch (err) {
    await fs.promises.rm(destination, { force: true });
    throw err;
  }
  return { path: destination, bytes };
}
