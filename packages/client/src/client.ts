import type { TRPCClient } from "@trpc/client";
import type { AppRouter } from "./app-router.ts";
import { downloadFile, type TDownloaded } from "./download.ts";
import { createTrpc } from "./trpc-client.ts";
import { uploadFile, type TUploaded, type TUploadOptions } from "./upload.ts";

export type TAwClientOptions = {
  /** The server's AW_API_TOKEN, sent as `Authorization: Bearer <token>`. */
  token?: string;
};

/** Every tRPC procedure (`data.*`, `workflows.*`, `jobs.*`, `health.*`) plus REST upload and download. */
export type TAwClient = TRPCClient<AppRouter> & {
  /** The server's base URL, without a trailing slash. */
  url: string;
  /** Uploads a file (a path, streamed from disk, or a Blob with `options.name`). */
  upload(file: string | Blob, options?: TUploadOptions): Promise<TUploaded>;
  /** Downloads data `id` to `destination`, streamed to disk. */
  download(id: string, destination: string, options?: { signal?: AbortSignal }): Promise<TDownloaded>;
};

export function createAwClient(url: string, options: TAwClientOptions = {}): TAwClient {
  const baseUrl = new URL(url).href.replace(/\/+$/, "");
  const headers: Record<string, string> = options.token ? { authorization: `Bearer ${options.token}` } : {};
  const helpers: Omit<TAwClient, keyof TRPCClient<AppRouter>> = {
    url: baseUrl,
    upload: (file, uploadOptions) => uploadFile(baseUrl, headers, file, uploadOptions),
    download: (id, destination, downloadOptions) => downloadFile(baseUrl, headers, id, destination, downloadOptions?.signal),
  };
  // tRPC's client is a proxy that answers every property with a procedure path, so the helpers sit in front of it.
  return new Proxy(createTrpc(baseUrl, headers), {
    get: (target, key, receiver) =>
      Object.hasOwn(helpers, key) ? helpers[key as keyof typeof helpers] : (Reflect.get(target, key, receiver) as unknown),
  }) as TAwClient;
}
