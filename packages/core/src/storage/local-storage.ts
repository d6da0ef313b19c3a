import { randomUUID } from "node:crypto";
import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { invalid, notFound } from "../errors.ts";
import { ownedNamePrefix, removeLeftoversOfDeadProcesses } from "../process-leftovers.ts";
import { assertSafeKey, clampRange } from "./guards.ts";
import { linkOrCopy } from "./link-or-copy.ts";
import type { TStorage } from "./types.ts";

/**
 * Uploads in flight are written here first, on the same filesystem, then renamed into place.
 * Their names carry the writing process, so what a killed process left is removed at the next start.
 */
const PARTIAL_DIR = ".partial";
const PARTIAL_KIND = "partial";
const WRITE_BUFFER = 4 * 1024 * 1024;

const isMissing = (err: unknown) =>
  err instanceof Error && "code" in err && (err.code === "ENOENT" || err.code === "ENOTDIR" || err.code === "EISDIR");

/** Removes the partial writes of processes on this host that are gone (killed mid-upload); returns how many. */
export const removeAbandonedPartials = (root: string): Promise<number> =>
  removeLeftoversOfDeadProcesses(path.join(path.resolve(root), PARTIAL_DIR), PARTIAL_KIND);

/** Files under one root directory; every key is checked so it can never escape that root. */
export function createLocalStorage(root: string): TStorage {
  const base = path.resolve(root);
  const partialDir = path.join(base, PARTIAL_DIR);

  function resolveKey(key: string): string {
    assertSafeKey(key);
    if (key === PARTIAL_DIR || key.startsWith(`${PARTIAL_DIR}/`)) throw invalid(`storage key ${JSON.stringify(key)} is reserved`);
    const file = path.resolve(base, key);
    if (!file.startsWith(base + path.sep)) throw invalid(`storage key ${JSON.stringify(key)} escapes the storage root`);
    return file;
  }

  async function fileSize(file: string): Promise<number | null> {
    try {
      const stat = await fsp.stat(file);
      return stat.isFile() ? stat.size : null;
    } catch (err) {
      if (isMissing(err)) return null;
      throw err;
    }
  }

  async function existingSize(key: string, file: string): Promise<number> {
    const size = await fileSize(file);
    if (size === null) throw notFound("stored object", key);
    return size;
  }

  /** Removes directories left empty by a delete, never the root itself. */
  async function pruneEmptyParents(file: string): Promise<void> {
    for (let dir = path.dirname(file); dir.startsWith(base + path.sep); dir = path.dirname(dir)) {
      try {
        await fsp.rmdir(dir);
      } catch {
        return; // not empty (or already gone): stop climbing
      }
    }
  }

  return {
    driver: "local",

    async put(key, body, options = {}) {
      const file = resolveKey(key);
      await fsp.mkdir(partialDir, { recursive: true });
      const temp = path.join(partialDir, `${ownedNamePrefix(PARTIAL_KIND)}${randomUUID()}`);
      try {
        // A deep write buffer lets queued chunks go to disk as one writev instead of one write each.
        await pipeline(body, fs.createWriteStream(temp, { flags: "wx", highWaterMark: WRITE_BUFFER }), { signal: options.signal });
        await fsp.mkdir(path.dirname(file), { recursive: true });
        await fsp.rename(temp, file);
      } catch (err) {
        await fsp.rm(temp, { force: true });
        throw err;
      }
      return { key, sizeBytes: await existingSize(key, file) };
    },

    async putFile(key, source, options = {}) {
      options.signal?.throwIfAborted();
      const file = resolveKey(key);
      await fsp.mkdir(partialDir, { recursive: true });
      const temp = path.join(partialDir, `${ownedNamePrefix(PARTIAL_KIND)}${randomUUID()}`);
      try {
        await linkOrCopy(source, temp);
        await fsp.mkdir(path.dirname(file), { recursive: true });
        await fsp.rename(temp, file);
      } catch (err) {
        await fsp.rm(temp, { force: true });
        throw isMissing(err) ? notFound("local file", source) : err;
      }
      return { key, sizeBytes: await existingSize(key, file) };
    },

    async get(key, range) {
      const file = resolveKey(key);
      const handle = await fsp.open(file, "r").catch((err: unknown) => {
        throw isMissing(err) ? notFound("stored object", key) : err;
      });
      try {
        const stat = await handle.stat();
        if (!stat.isFile()) throw notFound("stored object", key);
        return handle.createReadStream(range ? clampRange(range, stat.size) : {});
      } catch (err) {
        await handle.close();
        throw err;
      }
    },

    async stat(key) {
      const size = await fileSize(resolveKey(key));
      return size === null ? null : { key, sizeBytes: size };
    },

    async delete(key) {
      const file = resolveKey(key);
      await fsp.rm(file, { force: true });
      await pruneEmptyParents(file);
    },

    async toLocalFile(key) {
      const file = resolveKey(key);
      await existingSize(key, file);
      return file;
    },

    async ping() {
      await fsp.mkdir(base, { recursive: true });
      await fsp.access(base, fs.constants.R_OK | fs.constants.W_OK);
    },
  };
}
