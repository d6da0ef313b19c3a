import type { Readable } from "node:stream";

export type TObjectInfo = { key: string; sizeBytes: number };
export type TByteRange = { start: number; end: number }; // inclusive, as HTTP Range

/** Where uploaded and produced files live: local filesystem or any S3-compatible store. */
export type TStorage = {
  readonly driver: "local" | "s3";
  /** Streams `body` to `key`; the object appears whole or not at all. */
  put(key: string, body: Readable, options?: { contentType?: string; signal?: AbortSignal }): Promise<TObjectInfo>;
  /**
   * Stores a local file under `key`. Local storage links it when it can (no bytes copied), so the
   * file must not be changed afterwards; it may be deleted.
   */
  putFile(key: string, file: string, options?: { contentType?: string; signal?: AbortSignal }): Promise<TObjectInfo>;
  /** Streams the object, or the inclusive byte range of it. */
  get(key: string, range?: TByteRange): Promise<Readable>;
  stat(key: string): Promise<TObjectInfo | null>;
  delete(key: string): Promise<void>;
  /** A local path to read the object from: the file itself (local) or a temp download (s3). */
  toLocalFile(key: string, tempDir: string): Promise<string>;
  /** Cheap reachability check for health. */
  ping(): Promise<void>;
};
