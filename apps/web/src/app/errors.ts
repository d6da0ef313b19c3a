/** What a tRPC client error carries of the HTTP response (its links put it in `meta`). */
const responseOf = (error: unknown) => (error as { meta?: { response?: Response; responseJSON?: unknown } } | null)?.meta;

/**
 * The HTTP status of a failed call. A 401 from the API token check is a REST answer, not a tRPC
 * one, so it has no tRPC `data.httpStatus`: the status is read off the response itself.
 */
export function httpStatusOf(error: unknown): number | undefined {
  return (error as { data?: { httpStatus?: number } } | null)?.data?.httpStatus ?? responseOf(error)?.response?.status;
}

/** The human message of a tRPC, REST or network error. */
export function errorMessage(error: unknown): string {
  // A REST error body ({ error: { code, message } }) says more than "Unable to transform response".
  const rest = (responseOf(error)?.responseJSON as { error?: { message?: unknown } } | undefined)?.error?.message;
  if (typeof rest === "string") return rest;
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

/** The server's request id for a failed call (tRPC `data.requestId`, a REST error body, or the response header). */
export function requestIdOf(error: unknown): string | undefined {
  const fromShape = (error as { data?: { requestId?: unknown } } | null)?.data?.requestId;
  if (typeof fromShape === "string") return fromShape;
  const meta = responseOf(error);
  const rest = (meta?.responseJSON as { error?: { requestId?: unknown } } | undefined)?.error?.requestId;
  if (typeof rest === "string") return rest;
  return meta?.response?.headers.get("x-request-id") ?? undefined;
}

/** True when the request got no HTTP answer at all (server down, network gone), as opposed to an error the server sent. */
export function isNetworkError(error: unknown): boolean {
  if (httpStatusOf(error) !== undefined) return false;
  const message = error instanceof Error ? `${error.message} ${error.cause instanceof Error ? error.cause.message : ""}` : "";
  return /failed to fetch|networkerror|network error|fetch failed|load failed|err_connection/i.test(message);
}
