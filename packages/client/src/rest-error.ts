/** The body of every REST error: `{ error: { code, message, requestId } }`. */
type TRestErrorBody = { error?: { code?: string; message?: string; requestId?: string } };

/** A failed REST call, with the server's own message, code and request id. */
export class AwRestError extends Error {
  override name = "AwRestError";
  constructor(
    message: string,
    readonly status: number,
    readonly code?: string,
    readonly requestId?: string,
  ) {
    super(message);
  }
}

/** Reads a non-2xx response into an AwRestError; a body that is not the JSON error shape falls back to the HTTP status. */
export async function restError(res: Response, action: string): Promise<AwRestError> {
  const text = await res.text().catch(() => "");
  let body: TRestErrorBody = {};
  try {
    body = JSON.parse(text) as TRestErrorBody;
  } catch {
    // not JSON (a proxy's page, an empty body): the status says it
  }
  const message = body.error?.message ?? `${action} failed: HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ""}`;
  return new AwRestError(message, res.status, body.error?.code, body.error?.requestId ?? res.headers.get("x-request-id") ?? undefined);
}
