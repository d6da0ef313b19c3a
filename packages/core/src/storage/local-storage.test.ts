import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { expect, it } from "vitest";
import { createLocalStorage } from "./local-storage.ts";
import { storageContract } from "./storage.contract.ts";

/** Every file under `dir`, relative and slash-separated, including in-flight partial files. */
async function listFiles(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join("/"))
    .sort();
}

storageContract("local", async () => {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), "aw-local-storage-"));
  return {
    storage: createLocalStorage(root),
    snapshot: () => listFiles(root),
    close: () => fs.rm(root, { recursive: true, force: true }),
  };
});

it("local: never writes outside its root and returns the real file path", async () => {
  const parent = await fs.mkdtemp(path.join(os.tmpdir(), "aw-local-escape-"));
  const storage = createLocalStorage(path.join(parent, "root"));
  try {
    await expect(storage.put("a/../../b", Readable.from([Buffer.from("evil")]))).rejects.toThrow(/storage key/);
    await expect(storage.put(".partial/x", Readable.from([Buffer.from("evil")]))).rejects.toThrow(/reserved/);
    expect(await listFiles(parent)).toEqual([]);

    await storage.put("dir/real.txt", Readable.from([Buffer.from("real")]));
    const file = await storage.toLocalFile("dir/real.txt", os.tmpdir());
    expect(file).toBe(path.join(parent, "root", "dir", "real.txt"));
    await storage.delete("dir/real.txt");
    await expect(fs.stat(path.join(parent, "root", "dir"))).rejects.toThrow(); // emptied folders are pruned
  } finally {
    await fs.rm(parent, { recursive: true, force: true });
  }
});

it("local: stores a file as a second name for its bytes, and copies one from another file system", async () => {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), "aw-local-putfile-"));
  const storage = createLocalStorage(root);
  try {
    const source = path.join(root, "..", `${path.basename(root)}-source.csv`);
    await fs.writeFile(source, "x\n1\n");
    await storage.putFile("same-fs/x.csv", source);
    expect((await fs.stat(path.join(root, "same-fs/x.csv"))).ino).toBe((await fs.stat(source)).ino);
    await fs.rm(source);
    expect(await fs.readFile(path.join(root, "same-fs/x.csv"), "utf8")).toBe("x\n1\n");

    // /dev/shm is a separate file system where it exists: a link cannot cross, so the bytes are copied.
    const shm = await fs.mkdtemp("/dev/shm/aw-putfile-").catch(() => null);
    if (shm && (await fs.stat(shm)).dev !== (await fs.stat(root)).dev) {
      await fs.writeFile(path.join(shm, "y.csv"), "y\n2\n");
      expect(await storage.putFile("other-fs/y.csv", path.join(shm, "y.csv"))).toEqual({ key: "other-fs/y.csv", sizeBytes: 4 });
      await fs.rm(shm, { recursive: true });
      expect(await fs.readFile(path.join(root, "other-fs/y.csv"), "utf8")).toBe("y\n2\n");
    }
    expect(await listFiles(path.join(root, ".partial"))).toEqual([]);
  } finally {
    await fs.rm(root, { recursive: true, force: true });
  }
});
