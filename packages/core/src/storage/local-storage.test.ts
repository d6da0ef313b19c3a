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
