// What commands print: JSON for scripts (--json), aligned tables and key/value lists for people.

export type TColumn<T> = [header: string, value: (row: T) => unknown];

const text = (value: unknown): string => {
  if (value === null || value === undefined) return "-";
  if (value instanceof Date) return value.toISOString();
  return typeof value === "string" ? value : JSON.stringify(value);
};

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Columns padded to their widest cell; the last one is not padded. */
export function printTable<T>(rows: readonly T[], columns: TColumn<T>[]): void {
  const cells = [columns.map(([header]) => header), ...rows.map((row) => columns.map(([, value]) => text(value(row))))];
  const widths = columns.map((_, i) => Math.max(...cells.map((line) => line[i]!.length)));
  for (const line of cells) {
    process.stdout.write(`${line.map((cell, i) => (i === line.length - 1 ? cell : cell.padEnd(widths[i]!))).join("  ")}\n`);
  }
}

/** One `key  value` line per field, keys aligned. */
export function printFields(fields: Record<string, unknown>): void {
  const width = Math.max(...Object.keys(fields).map((k) => k.length));
  for (const [key, value] of Object.entries(fields)) process.stdout.write(`${key.padEnd(width)}  ${text(value)}\n`);
}

/** Prints `value` as JSON with --json, else the way `human` does. */
export function print<T>(json: boolean | undefined, value: T, human: (value: T) => void): void {
  if (json) printJson(value);
  else human(value);
}

export function humanBytes(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}
