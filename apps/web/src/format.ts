const UNITS = ["B", "KB", "MB", "GB", "TB"];

/** 1536 → "1.5 KB". Accepts the bigint sizes the API returns. */
export function formatBytes(value: number | bigint | string | null | undefined): string {
  let n = Number(value ?? 0);
  let unit = 0;
  while (n >= 1024 && unit < UNITS.length - 1) {
    n /= 1024;
    unit += 1;
  }
  return `${n >= 100 || unit === 0 ? Math.round(n) : n.toFixed(1)} ${UNITS[unit]}`;
}

/** A data value as text: scalars as themselves, objects and lists as JSON (never "[object Object]"). */
export function valueText(value: unknown): string {
  return typeof value === "object" && value !== null ? JSON.stringify(value) : String(value);
}

const COMPACT = new Intl.NumberFormat(undefined, { notation: "compact", maximumFractionDigits: 2 });

/** Statistics for small spaces: 13,988,712.4 → "14M", 0.000123 → "1.23e-4", 75.7312 → "75.73". */
export function formatStat(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 100_000) return COMPACT.format(value);
  if (abs !== 0 && abs < 0.001) return value.toExponential(2);
  return value.toLocaleString(undefined, { maximumFractionDigits: abs >= 100 ? 1 : 3 });
}

export function formatNumber(value: number | bigint | null | undefined, digits = 2): string {
  if (value === null || value === undefined) return "—";
  if (typeof value === "bigint") return value.toLocaleString();
  if (!Number.isFinite(value)) return String(value);
  return Number.isInteger(value) ? value.toLocaleString() : value.toLocaleString(undefined, { maximumFractionDigits: digits });
}

const RELATIVE = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });

/** "3 minutes ago"; exact time lives in the title attribute where this is shown. */
export function formatRelative(date: Date | string | null | undefined): string {
  if (!date) return "—";
  const seconds = (new Date(date).getTime() - Date.now()) / 1000;
  const abs = Math.abs(seconds);
  if (abs < 45) return RELATIVE.format(Math.round(seconds), "second");
  if (abs < 45 * 60) return RELATIVE.format(Math.round(seconds / 60), "minute");
  if (abs < 22 * 3600) return RELATIVE.format(Math.round(seconds / 3600), "hour");
  return RELATIVE.format(Math.round(seconds / 86400), "day");
}

export function formatDateTime(date: Date | string | null | undefined): string {
  return date ? new Date(date).toLocaleString() : "—";
}

/** 83_000 ms → "1m 23s". */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return "—";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${s % 60}s`;
  return `${Math.floor(m / 60)}h ${m % 60}m`;
}

export function durationBetween(start: Date | string | null | undefined, end: Date | string | null | undefined): number | null {
  if (!start) return null;
  return new Date(end ?? Date.now()).getTime() - new Date(start).getTime();
}

/** The one short form of a run id shown anywhere (its last 8 characters); the full id is in tooltips and URLs. */
export function runLabel(id: string): string {
  return id.slice(-8);
}
