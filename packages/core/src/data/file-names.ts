const MAX_NAME = 200;

/**
 * Characters that never belong in a shown name: C0 and C1 controls, DEL, and the bidirectional
 * marks, embeddings, overrides and isolates that can make "txt.exe" display as "exe.txt".
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

const lastSegment = (name: string) => name.split(/[/\\]/).pop() ?? "";

/**
 * The name shown to people and sent back on download: the last path segment of what the client
 * sent (both separators), Unicode-normalised, without control or bidi characters, never empty.
 */
export function displayName(original: string): string {
  const clean = lastSegment(original.normalize("NFC")).replace(INVISIBLE, "").trim().replace(/^\.+/, "");
  return truncateKeepingExtension(clean, MAX_NAME) || "file";
}

/**
 * Why an upload's file name is refused, or undefined when it is fine: NUL, CR and LF have no
 * business in a file name, and a name whose last segment is empty, "." or ".." names no file.
 */
export function uploadNameProblem(original: string): string | undefined {
  if (/[\0\r\n]/.test(original)) return "the file name contains NUL, CR or LF";
  const segment = lastSegment(original).trim();
  if (segment === "" || segment === "." || segment === "..") {
    return original === "" ? "the file name is empty" : `the file name ${JSON.stringify(original)} names no file`;
  }
  return undefined;
}

/** An ASCII-only rendering of a display name, safe as a storage key segment and an HTTP header token. */
export function asciiName(name: string): string {
  const ascii = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "") // drop accents, keep the base letters
    .replace(/[^A-Za-z0-9._-]+/g, "_")
    .replace(/_+/g, "_")
    .replace(/^_+/, "");
  // A name with no ASCII stem keeps its extension: "報告.xlsx" → "file.xlsx".
  return ascii === "" || ascii.startsWith(".") ? `file${ascii}` : ascii;
}

function truncateKeepingExtension(name: string, max: number): string {
  const chars = [...name];
  if (chars.length <= max) return name;
  const dot = name.lastIndexOf(".");
  const ext = dot > 0 && name.length - dot <= 16 ? name.slice(dot) : "";
  return chars.slice(0, max - [...ext].length).join("") + ext;
}
