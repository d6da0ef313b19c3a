import { authHeaders } from "../app/api-token.ts";

/** The artifact the REST upload answers with (201). */
export type TUploadedArtifact = { id: string; filename: string; sizeBytes: number | string; format: string };

export type TUploadRequest = { promise: Promise<TUploadedArtifact>; abort: () => void };

export class UploadAbortedError extends Error {
  override name = "UploadAbortedError";
}

/**
 * Uploads one file as the whole request body, named in the query (the server stores it without
 * parsing a form); XMLHttpRequest because fetch reports no upload progress.
 */
export function startUpload(file: File, onProgress: (fraction: number) => void): TUploadRequest {
  const xhr = new XMLHttpRequest();
  const promise = new Promise<TUploadedArtifact>((resolve, reject) => {
    xhr.upload.addEventListener("progress", (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    });
    xhr.addEventListener("load", () => {
      const body = parseJson(xhr.responseText);
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(body as TUploadedArtifact);
      } else {
        reject(new Error(restErrorMessage(body) ?? `Upload failed (HTTP ${xhr.status})`));
      }
    });
    xhr.addEventListener("error", () => reject(new Error("Network error: the server did not answer")));
    xhr.addEventListener("abort", () => reject(new UploadAbortedError("Upload cancelled")));
    xhr.open("POST", `/api/v1/data/upload?filename=${encodeURIComponent(file.name)}`);
    for (const [name, value] of Object.entries(authHeaders())) xhr.setRequestHeader(name, value);
    xhr.setRequestHeader("Content-Type", "application/octet-stream");
    xhr.send(file);
  });
  return { promise, abort: () => xhr.abort() };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** The REST API answers errors as `{error: {code, message}}`. */
function restErrorMessage(body: unknown): string | undefined {
  const message = (body as { error?: { message?: unknown } } | null)?.error?.message;
  return typeof message === "string" ? message : undefined;
}
