import { getEventListeners } from "node:events";
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { Workspace, duckdbMemoryLimit, withWorkspace } from "./workspace.ts";

describe("workspace", () => {
  it("spills a table larger than its memory limit to its temp folder, and removes the folder on close", async () => {
    let dir = "";
    const counted = await withWorkspace({ memoryLimit: "32MB", threads: 1 }, async (ws) => {
      dir = ws.dir;
      // ~64 MB of text in a 32 MB database: only works if blocks are offloaded to disk.
      await ws.run("CREATE TABLE big AS SELECT i, md5(i::VARCHAR) || md5((i + 1)::VARCHAR) AS s FROM range(1000000) t(i)");
      const [memory] = await ws.rowsJS("SELECT sum(temporary_storage_bytes) AS spilled FROM duckdb_memory()");
      expect(Number(memory?.spilled)).toBeGreaterThan(0);
      expect(fs.readdirSync(ws.file("spill")).length).toBeGreaterThan(0);
      const [row] = await ws.rowsJS("SELECT count(DISTINCT s) AS n FROM big");
      return Number(row?.n);
    });
    expect(counted).toBe(1_000_000);
    expect(fs.existsSync(dir)).toBe(false);
  });

  it("gives DuckDB a share of a large budget and the whole of a small one", async () => {
    expect(duckdbMemoryLimit("1GB")).toBe("390625KiB");
    expect(duckdbMemoryLimit("2GiB")).toBe("838860KiB");
    expect(duckdbMemoryLimit("300MiB")).toBe("262144KiB");
    expect(duckdbMemoryLimit("64MB")).toBe("62500KiB");
    expect(() => duckdbMemoryLimit("lots")).toThrow(/not a memory limit/);
    await withWorkspace({ memoryLimit: "1GB", threads: 1 }, async (ws) => {
      const [row] = await ws.rowsJS("SELECT current_setting('memory_limit') AS limit");
      expect(row?.limit).toBe("381.4 MiB");
    });
  });

  it("keeps nothing on disk but its folder: two workspaces never see each other's tables", async () => {
    const a = await Workspace.open({ memoryLimit: "64MB" });
    const b = await Workspace.open({ memoryLimit: "64MB" });
    try {
      await a.run("CREATE TABLE data AS SELECT 1 AS x");
      await expect(b.rows("SELECT * FROM data")).rejects.toThrow(/data/);
      expect(fs.readdirSync(a.dir)).toEqual([]);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it("stops listening to a long-lived signal once closed", async () => {
    const controller = new AbortController();
    for (let i = 0; i < 3; i++) await withWorkspace({ memoryLimit: "64MB", signal: controller.signal }, async () => {});
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });

  it("interrupts a running query when its signal aborts", async () => {
    const controller = new AbortController();
    await withWorkspace({ memoryLimit: "64MB", signal: controller.signal }, async (ws) => {
      setTimeout(() => controller.abort(new Error("stop")), 50);
      await expect(ws.rows("SELECT sum(hash(i)) FROM range(10000000000) t(i)")).rejects.toThrow();
    });
  });
});
