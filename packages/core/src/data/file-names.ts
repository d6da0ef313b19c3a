const MAX_NAME = 200;

/**
 * The name shown to people and sent back on download: the last path segment of what the client
 * sent (both separators), Unicode-normalised, without control characters, never empty.
 */
export function displayName(original: string): string {
  const base = original.normalize("NFC").split(/[/\\]/).pop() ?? "";
  const clean = [...base]
    .filter((c) => c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) !== 0x7f)
    .join("")
    .trim()
    .replace(/^\.+/, "");
  return truncateKeepingExtension(clean, MAX_NAME) || "file";
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
