import { createHmac, timingSafeEqual } from "node:crypto";

/** How long a signed download link works: long enough for a browser to start (and resume) the download. */
export const DOWNLOAD_LINK_SECONDS = 10 * 60;

const signature = (token: string, id: string, expires: number) =>
  createHmac("sha256", token).update(`download\n${id}\n${expires}`).digest("hex");

/**
 * A download URL the browser can follow by itself (it cannot send the bearer header): the
 * artifact id and an expiry, signed with the API token. Without a token, the plain URL.
 */
export function downloadLink(token: string | undefined, id: string, now = Date.now()): { url: string; expiresAt: string | null } {
  const path = `/api/v1/data/${encodeURIComponent(id)}/download`;
  if (!token) return { url: path, expiresAt: null };
  const expires = Math.floor(now / 1000) + DOWNLOAD_LINK_SECONDS;
  return {
    url: `${path}?${new URLSearchParams({ expires: String(expires), signature: signature(token, id, expires) }).toString()}`,
    expiresAt: new Date(expires * 1000).toISOString(),
  };
}

/** Whether the query carries a valid, unexpired signature for downloading artifact `id`. */
export function isSignedDownload(token: string, id: string, query: Record<string, unknown>, now = Date.now()): boolean {
  const expires = Number(query.expires);
  const presented = query.signature;
  if (!Number.isInteger(expires) || expires * 1000 < now || typeof presented !== "string") return false;
  const expected = Buffer.from(signature(token, id, expires), "hex");
  const given = Buffer.from(presented, "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}
