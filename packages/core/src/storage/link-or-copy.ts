import fs from "node:fs/promises";

/** Where a hard link cannot be made but a copy can: another file system, no link support, too many links. */
const CANNOT_LINK = new Set(["EXDEV", "EPERM", "ENOTSUP", "EOPNOTSUPP", "EMLINK"]);

/**
 * Gives `source`'s bytes a second name at `target` without copying them (a copy, or a clone where
 * the file system can, when a link is impossible). Neither file may be changed in place afterwards.
 */
export async function linkOrCopy(source: string, target: string): Promise<void> {
  try {
    await fs.link(source, target);
  } catch (err) {
    if (!CANNOT_LINK.has((err as NodeJS.ErrnoException).code ?? "")) throw err;
    await fs.copyFile(source, target, fs.constants.COPYFILE_FICLONE);
  }
}
