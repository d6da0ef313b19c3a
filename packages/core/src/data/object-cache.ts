// Stored tables read in a workspace (snapshots, checkpoints, run tables) never change under their
// key. With local storage they are read in place; from S3 each is downloaded once into
// AW_DATA_DIR/cache/<key> and kept, least recently used first out, within S3_READ_CACHE_MAX_BYTES.
import { randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import type { Workspace } from "../aw-engine/workspace.ts";
import type { TConfig } from "../config.ts";
import { ownedNamePrefix } from "../process-leftovers.ts";
import type { TStorage } from "../storage/types.ts";

export type TObjectCacheDeps = { storage: TStorage; config: Pick<TConfig, "AW_DATA_DIR" | "S3_READ_CACHE_MAX_BYTES"> };

/** Downloads in flight are named for their process, so a later start removes a killed one's. */
export const DOWNLOAD_KIND = "download";

const cacheRoot = (config: Pick<TConfig, "AW_DATA_DIR">) => path.join(config.AW_DATA_DIR, "cache");

/** Where the cached copy of an S3 object is kept; whoever deletes the object removes this too. */
export const cachedObjectPath = (config: Pick<TConfig, "AW_DATA_DIR">, key: string) => path.join(cacheRoot(config), ...key.split("/"));

const isMissing = (err: unknown) => (err as NodeJS.ErrnoException | undefined)?.code === "ENOENT";

/** The cached copy of `key`, downloaded if absent; its modification time marks its last use. */
async function cachedCopy({ storage, config }: TObjectCacheDeps, key: string): Promise<string> {
  const cached = cachedObjectPath(config, key);
  const now = new Date();
  const hit = await fs.utimes(cached, now, now).then(
    () => true,
    (err: unknown) => (isMissing(err) ? false : Promise.reject(err)),
  );
  if (hit) return cached;
  const tempDir = path.join(config.AW_DATA_DIR, "tmp", `${ownedNamePrefix(DOWNLOAD_KIND)}${randomUUID()}`);
  try {
    const file = await storage.toLocalFile(key, tempDir);
    await fs.mkdir(path.dirname(cached), { recursive: true });
    await fs.rename(file, cached);
    return cached;
  } finally {
    await fs.rm(tempDir, { recursive: true, force: true });
  }
}

/** Removes the least recently used copies until the cache fits its budget; `keep` (in use now) stays. */
async function trimCache(config: TObjectCacheDeps["config"], keep: string): Promise<void> {
  const entries = await fs.readdir(cacheRoot(config), { recursive: true, withFileTypes: true }).catch(() => []);
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
  for (const f of files.sort((a, b) => a.usedAt - b.usedAt)) {
    if (total <= config.S3_READ_CACHE_MAX_BYTES) return;
    if (f.file === keep) continue;
    await fs.rm(f.file, { force: true });
    total -= f.size;
  }
}

/** Hands the stored object `key` into the workspace and returns its path there. */
export async function adoptStoredObject(deps: TObjectCacheDeps, ws: Workspace, key: string): Promise<string> {
  if (deps.storage.driver === "local") return ws.adopt(await deps.storage.toLocalFile(key, deps.config.AW_DATA_DIR));
  for (let attempt = 1; ; attempt++) {
    const cached = await cachedCopy(deps, key);
    try {
      const adopted = await ws.adopt(cached);
      await trimCache(deps.config, cached);
      return adopted;
    } catch (err) {
      // Another reader's trim removed the copy between download and adopt: fetch it again, once.
      if (attempt > 1 || !isMissing(err)) throw err;
    }
  }
}
