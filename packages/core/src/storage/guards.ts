import { invalid } from "../errors.ts";
import type { TByteRange } from "./types.ts";

/**
 * Rejects keys that could name something outside the storage root on any backend:
 * empty, absolute, `..`/`.` or empty segments, backslashes, NUL and other control characters.
 */
export function assertSafeKey(key: string): void {
  const problem =
    key.length === 0
      ? "is empty"
      : key.length > 1024
        ? "is longer than 1024 characters"
        : key.startsWith("/")
          ? "is absolute"
          : key.includes("\\")
            ? "contains a backslash"
            : [...key].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)
              ? "contains a control character"
              : key.split("/").some((s) => s === "" || s === "." || s === "..")
                ? "contains an empty, '.' or '..' segment"
                : undefined;
  if (problem) throw invalid(`storage key ${JSON.stringify(key)} ${problem}`);
}

export function assertRange({ start, end }: TByteRange): void {
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end < start) {
    throw invalid(`byte range ${start}-${end} is malformed`);
  }
}

/** Checks an inclusive byte range against an object's size; `end` past the last byte is clamped. */
export function clampRange(range: TByteRange, sizeBytes: number): TByteRange {
  assertRange(range);
  const { start, end } = range;
  if (start >= sizeBytes) throw invalid(`byte range ${start}-${end} is not satisfiable for an object of ${sizeBytes} bytes`);
  return { start, end: Math.min(end, sizeBytes - 1) };
}
