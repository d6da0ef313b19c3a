/** The human message of a tRPC, REST or network error. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === "string") return error;
  return "Unexpected error";
}

/** Field-level messages the server attaches to a BAD_REQUEST (`error.data.fields`), keyed by dotted path. */
export function serverFieldErrors(error: unknown): Record<string, string> {
  const fields = (error as { data?: { fields?: unknown } } | null)?.data?.fields;
  if (!fields || typeof fields !== "object") return {};
  return Object.fromEntries(Object.entries(fields).filter((e): e is [string, string] => typeof e[1] === "string"));
}
