// Stored objects a workspace reads (uploads, snapshots, checkpoints, run tables) never change under
// their key. With local storage they are read in place. From S3 each is downloaded into the
// reading workspace and also kept under AW_DATA_DIR/cache/<key>, so the next read (a later page,
// the run after an upload's profile, a resumed job) skips the download. The least recently used
// copies go once the cache outgrows S3_READ_CACHE_MAX_BYTES.
import { randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import type { TConfig } from "../config.ts";
import { linkOrCopy } from "./link-or-copy.ts";
import type { TStorage } from "./types.ts";

export type TReadCache = { root: string; maxBytes: number };

export const readCacheOf = (config: Pick<TConfig, "AW_DATA_DIR" | "S3_READ_CACHE_MAX_BYTES">): TReadCache => ({
  root: path.join(config.AW_DATA_DIR, "cache"),
  maxBytes: config.S3_READ_CACHE_MAX_BYTES,
});

/** Where the cached copy of `key` is kept; whoever deletes the object removes this too. */
export const cachedObjectPath = (cache: TReadCache, key: string) => path.join(cache.root, ...key.split("/"));

/** What a workspace offers for taking a file in (see Workspace.adopt). */
type TReader = { dir: string; adopt(file: string): Promise<string> };

/** Copies on their way into the cache; trims leave them alone unless a crash left them for an hour. */
const PARTIAL = ".partial";
const PARTIAL_GRACE_MS = 3600_000;

const code = (err: unknown) => (err as NodeJS.ErrnoException | undefined)?.code;

/** Marks the cached copy used now and reports whether it exists. */
async function touch(file: string): Promise<boolean> {
  const now = new Date();
  try {
    await fs.utimes(file, now, now);
    return true;
  } catch (err) {
    if (code(err) === "ENOENT") return false;
    throw err;
  }
}

/** Removes the least recently used copies until the cache fits its budget; `keep` (just read) stays. */
async function trim(cache: TReadCache, keep: string): Promise<void> {
  const entries = await fs.readdir(cache.root, { recursive: true, withFileTypes: true }).catch(() => []);
  const files = (
    await Promise.all(
      entries
        .filter((e) => e.isFile())
        .map(async (e) => {
          const file = path.join(e.parentPath, e.name);
          const stat = await fs.stat(file).catch(() => null);
          return stat && { file, size: stat.size, usedAt: stat.mtimeMs };
        }),
    )
  ).filter((f) => f !== null);
  let total = files.reduce((sum, f) => sum + f.size, 0);
  const recent = Date.now() - PARTIAL_GRACE_MS;
  for (const f of files.sort((a, b) => a.usedAt - b.usedAt)) {
    if (total <= cache.maxBytes) return;
    if (f.file === keep || (f.file.endsWith(PARTIAL) && f.usedAt > recent)) continue;
    await fs.rm(f.file, { force: true });
    total -= f.size;
  }
}

/** Puts the stored object `key` into the workspace and returns its path there. */
export async function adoptStoredObject(storage: TStorage, cache: TReadCache | undefined, ws: TReader, key: string): Promise<string> {
  if (storage.driver === "local" || !cache) return ws.adopt(await storage.toLocalFile(key, ws.dir));
  const cached = cachedObjectPath(cache, key);
  if (await touch(cached)) {
    try {
      return await ws.adopt(cached);
    } catch (err) {
      if (code(err) !== "ENOENT") throw err; // another reader's trim removed it just now: download below
    }
  }
  // Downloaded into the workspace, so a crash leaves it where the workspace sweep removes it.
  const file = await storage.toLocalFile(key, ws.dir);
  // A link, or a copy under a temporary name renamed into place: readers never see half a file.
  // (A copy a crash cuts short is an orphan the budget removes in time.)
  const temp = `${cached}.${randomUUID()}${PARTIAL}`;
  await fs.mkdir(path.dirname(cached), { recursive: true });
  await linkOrCopy(file, temp);
  await fs.rename(temp, cached);
  await trim(cache, cached);
  return file;
}
