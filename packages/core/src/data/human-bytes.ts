const UNITS = ["bytes", "KiB", "MiB", "GiB", "TiB"];

/** 5368709120 → "5 GiB", 1536 → "1.5 KiB": for messages people read. */
export function humanBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const shown = unit === 0 ? String(value) : String(Number(value.toFixed(value < 10 ? 2 : 1)));
  return `${shown} ${UNITS[unit]}`;
}
