/** RFC 5987 encoding: encodeURIComponent leaves a few characters the header grammar reserves. */
const encodeRfc5987 = (s: string) => encodeURIComponent(s).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * `attachment` with a quoted ASCII fallback for old clients and `filename*` carrying the exact
 * UTF-8 name; quotes, backslashes and control characters can never break out of the header.
 */
export function attachmentDisposition(filename: string): string {
  const fallback = [...filename].map((c) => (/^[\x20-\x7e]$/.test(c) && c !== '"' && c !== "\\" ? c : "_")).join("") || "download";
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeRfc5987(filename)}`;
}
