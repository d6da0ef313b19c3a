import { Readable } from "node:stream";
import { expect, it } from "vitest";
import { createS3Storage } from "./s3-storage.ts";
import { startS3TestServer } from "./s3-test-server.ts";
import { storageContract } from "./storage.contract.ts";

storageContract("s3 (s3rver)", async () => {
  const server = await startS3TestServer();
  return { storage: createS3Storage(server.options), snapshot: () => server.listKeys(), close: () => server.close() };
});

it("s3: keeps every key under the configured prefix and stores bodies without chunk framing", async () => {
  const server = await startS3TestServer();
  try {
    const storage = createS3Storage({ ...server.options, prefix: "tenant-a" });
    await storage.put("uploads/x/a.csv", Readable.from([Buffer.from("a,b\n1,2\n")]));
    expect(await server.listKeys()).toEqual(["tenant-a/uploads/x/a.csv"]);
    expect(await storage.stat("uploads/x/a.csv")).toEqual({ key: "uploads/x/a.csv", sizeBytes: 8 });
    const unprefixed = createS3Storage(server.options);
    const body = await unprefixed.get("tenant-a/uploads/x/a.csv");
    const parts: Buffer[] = [];
    for await (const p of body) parts.push(p as Buffer);
    expect(Buffer.concat(parts).toString()).toBe("a,b\n1,2\n");
  } finally {
    await server.close();
  }
});

it("s3: ping fails clearly for a missing bucket", async () => {
  const server = await startS3TestServer();
  try {
    await expect(createS3Storage({ ...server.options, bucket: "no-such-bucket" }).ping()).rejects.toThrow();
  } finally {
    await server.close();
  }
});
