const UNIT_BYTES: Record<string, number> = { kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12, kib: 2 ** 10, mib: 2 ** 20, gib: 2 ** 30, tib: 2 ** 40 };

/** Bytes of a DuckDB memory limit such as "1GB" or "512 MiB" (the form config validates). */
export function limitBytes(limit: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]+)$/i.exec(limit.trim());
  const unit = match ? UNIT_BYTES[match[2]!.toLowerCase()] : undefined;
  if (!match || !unit) throw new Error(`not a memory limit: ${limit}`);
  return Number(match[1]) * unit;
}

/** The smaller of two DuckDB memory limits, as written. */
export function smallerMemoryLimit(a: string, b: string): string {
  return limitBytes(a) <= limitBytes(b) ? a : b;
}
