import fs from "node:fs/promises";
import path from "node:path";
import type { TConfig } from "../config.ts";
import { DomainError } from "../errors.ts";
import { humanBytes } from "./human-bytes.ts";

/** Free bytes (for this user) on the file system holding `dir`, or its nearest existing parent. */
export async function freeDiskBytes(dir: string): Promise<number> {
  for (let at = path.resolve(dir); ; at = path.dirname(at)) {
    try {
      const stats = await fs.statfs(at);
      return stats.bavail * stats.bsize;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT" || at === path.dirname(at)) throw err;
    }
  }
}

/**
 * Refuses new work (an upload, a run) while the data folder's disk has less than
 * DISK_MIN_FREE_BYTES free: uploads, spill files and results all land there, and a full disk
 * fails everyone's work at once. The server answers 507.
 */
export async function requireFreeDisk(config: Pick<TConfig, "AW_DATA_DIR" | "DISK_MIN_FREE_BYTES">): Promise<void> {
  if (config.DISK_MIN_FREE_BYTES === 0) return;
  const free = await freeDiskBytes(config.AW_DATA_DIR);
  if (free < config.DISK_MIN_FREE_BYTES) {
    throw new DomainError(
      "INSUFFICIENT_STORAGE",
      `the server's disk has ${humanBytes(free)} free, less than the ${humanBytes(config.DISK_MIN_FREE_BYTES)} it keeps (DISK_MIN_FREE_BYTES); try again once space is freed`,
    );
  }
}
