import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DomainError } from "../errors.ts";
import type { TStorage } from "./types.ts";

export type TStorageFixture = {
  storage: TStorage;
  /** Every object or partial file the backend holds, to prove failed writes leave nothing behind. */
  snapshot(): Promise<string[]>;
  close(): Promise<void>;
};

const MiB = 1024 * 1024;
const CHUNK = 64 * 1024;

/** A stream of random bytes whose sha256 is known once it has been read to the end. */
function randomBody(totalBytes: number) {
  const hash = createHash("sha256");
  let sent = 0;
  const body = new Readable({
    read() {
      if (sent >= totalBytes) return void this.push(null);
      const chunk = randomBytes(Math.min(CHUNK, totalBytes - sent));
      sent += chunk.length;
      hash.update(chunk);
      this.push(chunk);
    },
  });
  let hex: string | undefined;
  return { body, digest: () => (hex ??= hash.digest("hex")) };
}

/** Sends `bytesBeforeTrouble` bytes, then either fails or stalls (for an abort to end it). */
function troubledBody(bytesBeforeTrouble: number, trouble: "error" | "stall", onTrouble: () => void = () => {}) {
  let sent = 0;
  return new Readable({
    read() {
      if (sent < bytesBeforeTrouble) {
        sent += CHUNK;
        return void this.push(randomBytes(CHUNK));
      }
      onTrouble();
      if (trouble === "error") this.destroy(new Error("client went away"));
    },
  });
}

async function readAll(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

async function sha256Of(stream: Readable): Promise<string> {
  const hash = createHash("sha256");
  for await (const part of stream) hash.update(part as Buffer);
  return hash.digest("hex");
}

async function domainKind(promise: Promise<unknown>): Promise<string> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, "expected a rejection").toBeInstanceOf(DomainError);
  return (err as DomainError).kind;
}

/** The behaviour every storage backend must share; each backend's test file runs it once. */
export function storageContract(name: string, setup: () => Promise<TStorageFixture>): void {
  describe(`storage contract: ${name}`, () => {
    let fx: TStorageFixture;
    let s: TStorage;
    let tempDir: string;
    beforeAll(async () => {
      fx = await setup();
      s = fx.storage;
      tempDir = await fs.mkdtemp(path.join(os.tmpdir(), "aw-storage-contract-"));
    });
    afterAll(async () => {
      await fx?.close();
      await fs.rm(tempDir, { recursive: true, force: true });
    });

    it("answers ping", async () => {
      await expect(s.ping()).resolves.toBeUndefined();
    });

    it("round-trips a multi-MB stream byte for byte", async () => {
      const size = 20 * MiB + 123; // several multipart parts plus a ragged tail
      const { body, digest } = randomBody(size);
      const info = await s.put("roundtrip/big.bin", body, { contentType: "application/octet-stream" });
      expect(info).toEqual({ key: "roundtrip/big.bin", sizeBytes: size });
      expect(await sha256Of(await s.get("roundtrip/big.bin"))).toBe(digest());
      expect(await s.stat("roundtrip/big.bin")).toEqual({ key: "roundtrip/big.bin", sizeBytes: size });
      const local = await s.toLocalFile("roundtrip/big.bin", tempDir);
      expect((await fs.stat(local)).size).toBe(size);
      expect(
        createHash("sha256")
          .update(await fs.readFile(local))
          .digest("hex"),
      ).toBe(digest());
    });

    it("stores a local file, which may then be deleted, and names a missing one", async () => {
      const source = path.join(tempDir, "put-file.csv");
      await fs.writeFile(source, "a,b\n1,2\n");
      expect(await s.putFile("files/put-file.csv", source, { contentType: "text/csv" })).toEqual({
        key: "files/put-file.csv",
        sizeBytes: 8,
      });
      await fs.rm(source);
      expect((await readAll(await s.get("files/put-file.csv"))).toString()).toBe("a,b\n1,2\n");
      expect(await domainKind(s.putFile("files/missing.csv", source))).toBe("NOT_FOUND");
      expect(await s.stat("files/missing.csv")).toBeNull();
    });

    it("reads inclusive byte ranges", async () => {
      await s.put("range/abc.txt", Readable.from([Buffer.from("0123456789")]));
      expect((await readAll(await s.get("range/abc.txt", { start: 2, end: 5 }))).toString()).toBe("2345");
      expect((await readAll(await s.get("range/abc.txt", { start: 9, end: 9 }))).toString()).toBe("9");
      expect((await readAll(await s.get("range/abc.txt", { start: 7, end: 100 }))).toString()).toBe("789");
      expect(await domainKind(s.get("range/abc.txt", { start: 10, end: 12 }))).toBe("INVALID");
      expect(await domainKind(s.get("range/abc.txt", { start: 5, end: 2 }))).toBe("INVALID");
    });

    it("stats present and missing objects", async () => {
      await s.put("stat/one.txt", Readable.from([Buffer.from("hello")]));
      expect(await s.stat("stat/one.txt")).toEqual({ key: "stat/one.txt", sizeBytes: 5 });
      expect(await s.stat("stat/missing.txt")).toBeNull();
      expect(await s.stat("stat")).toBeNull(); // a "directory" is not an object
    });

    it("deletes objects, and deleting a missing one is fine", async () => {
      await s.put("del/x.txt", Readable.from([Buffer.from("x")]));
      await s.delete("del/x.txt");
      expect(await s.stat("del/x.txt")).toBeNull();
      await expect(s.delete("del/x.txt")).resolves.toBeUndefined();
      expect(await fx.snapshot()).not.toContainEqual(expect.stringContaining("del/"));
    });

    it("overwrites whole objects", async () => {
      await s.put("over/v.txt", Readable.from([Buffer.from("version one")]));
      await s.put("over/v.txt", Readable.from([Buffer.from("two")]));
      expect((await readAll(await s.get("over/v.txt"))).toString()).toBe("two");
    });

    it("keeps the previous object when an overwrite's body fails mid-stream", async () => {
      await s.put("atomic/keep.txt", Readable.from([Buffer.from("previous")]));
      const before = await fx.snapshot();
      await expect(s.put("atomic/keep.txt", troubledBody(18 * MiB, "error"))).rejects.toThrow("client went away");
      expect((await readAll(await s.get("atomic/keep.txt"))).toString()).toBe("previous");
      expect(await fx.snapshot()).toEqual(before);
    });

    it("stores nothing when a put is aborted mid-stream", async () => {
      const before = await fx.snapshot();
      const controller = new AbortController();
      const body = troubledBody(18 * MiB, "stall", () => setTimeout(() => controller.abort(), 10));
      const err = await s.put("atomic/new.bin", body, { signal: controller.signal }).catch((e: unknown) => e);
      expect((err as Error).name).toBe("AbortError");
      expect(await s.stat("atomic/new.bin")).toBeNull();
      expect(await fx.snapshot()).toEqual(before);
    });

    it("rejects an already-aborted put without storing anything", async () => {
      const controller = new AbortController();
      controller.abort();
      await expect(s.put("atomic/never.txt", Readable.from([Buffer.from("x")]), { signal: controller.signal })).rejects.toThrow();
      expect(await s.stat("atomic/never.txt")).toBeNull();
    });

    it.each(["../x", "/etc/passwd", "a/../../b", "a/./b", "a//b", "a\\b", "a\u0000b", "", "./x", "x/.."])(
      "rejects the unsafe key %j on every operation",
      async (key) => {
        expect(await domainKind(s.put(key, Readable.from([Buffer.from("evil")])))).toBe("INVALID");
        expect(await domainKind(s.get(key))).toBe("INVALID");
        expect(await domainKind(s.stat(key))).toBe("INVALID");
        expect(await domainKind(s.delete(key))).toBe("INVALID");
        expect(await domainKind(s.toLocalFile(key, tempDir))).toBe("INVALID");
      },
    );

    it("names the missing key in a not-found error", async () => {
      await expect(s.get("nope/missing.csv")).rejects.toMatchObject({
        kind: "NOT_FOUND",
        message: expect.stringContaining("nope/missing.csv"),
      });
      expect(await domainKind(s.toLocalFile("nope/missing.csv", tempDir))).toBe("NOT_FOUND");
    });
  });
}
