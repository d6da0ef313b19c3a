import fs from "node:fs";
import path from "node:path";
import { restError } from "./rest-error.ts";

/** What the server answers for a new upload (`201`). */
export type TUploaded = { id: string; filename: string; sizeBytes: number; format: string };

export type TUploadOptions = {
  /** The file name stored with the data; defaults to the path's base name. Required for a Blob. */
  name?: string;
  /** Called as the body is sent: bytes of the file sent so far, and its size. */
  onProgress?: (sent: number, total: number) => void;
  signal?: AbortSignal;
};

/** Counts the bytes of a body as fetch pulls them. */
function counted(body: ReadableStream<Uint8Array>, total: number, onProgress: (sent: number, total: number) => void) {
  let sent = 0;
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        sent += chunk.byteLength;
        onProgress(Math.min(sent, total), total);
        controller.enqueue(chunk);
      },
    }),
  );
}

/**
 * POSTs one file to /api/v1/data/upload as the whole body (application/octet-stream, named in the
 * query), which the server stores without parsing a form; a path is streamed from disk, never read whole.
 */
export async function uploadFile(
  baseUrl: string,
  headers: Record<string, string>,
  file: string | Blob,
  options: TUploadOptions = {},
): Promise<TUploaded> {
  const name = options.name ?? (typeof file === "string" ? path.basename(file) : undefined);
  if (!name) throw new Error("upload: a Blob needs a name");
  const blob = typeof file === "string" ? await fs.openAsBlob(file) : file;
  const { onProgress } = options;
  const res = await fetch(`${baseUrl}/api/v1/data/upload?filename=${encodeURIComponent(name)}`, {
    method: "POST",
    headers: { ...headers, "content-type": "application/octet-stream" },
    body: onProgress ? counted(blob.stream(), blob.size, onProgress) : blob,
    duplex: "half",
    signal: options.signal,
  });
  if (!res.ok) throw await restError(res, "upload");
  return (await res.json()) as TUploaded;
}
