// Temporary files and folders are named for the host and process that made them, so a later
// process can remove what a killed one left behind. Names of other hosts (containers sharing a
// volume) are never judged: their processes cannot be seen from here.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";

const HOST = os.hostname().replace(/[^A-Za-z0-9.]/g, "_");

/** `<kind>-<host>-<pid>-`: the start of the names this process (or `pid`) gives its `kind` of temporary things. */
export const ownedNamePrefix = (kind: string, pid = process.pid) => `${kind}-${HOST}-${pid}-`;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Removes the entries of `dir` named by `ownedNamePrefix(kind, pid)` whose process on this host is gone; returns how many. */
export async function removeLeftoversOfDeadProcesses(dir: string, kind: string): Promise<number> {
  const hostPrefix = `${kind}-${HOST}-`;
  let removed = 0;
  for (const name of await fs.readdir(dir).catch(() => [] as string[])) {
    const pid = name.startsWith(hostPrefix) ? Number.parseInt(name.slice(hostPrefix.length), 10) : Number.NaN;
    if (!(pid > 0) || pid === process.pid || isAlive(pid)) continue;
    await fs.rm(path.join(dir, name), { recursive: true, force: true });
    removed++;
  }
  return removed;
}
