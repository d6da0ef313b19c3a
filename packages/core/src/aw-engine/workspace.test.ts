import { getEventListeners } from "node:events";
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import {
  Workspace,
  closeIdleWorkspaces,
  duckdbMemoryLimit,
  removeAbandonedWorkspaces,
  withWorkspace,
  workspaceFolderPrefix,
} from "./workspace.ts";

describe("workspace", () => {
  it("spills a table larger than its memory limit to its folder, and empties the folder on close", async () => {
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
    expect(fs.readdirSync(dir).filter((name) => name !== "spill")).toEqual([]);
    await closeIdleWorkspaces();
    expect(fs.existsSync(dir)).toBe(false);
  });

  it("reuses a warm instance for the next workspace with a clean catalog and folder", async () => {
    await closeIdleWorkspaces();
    const first = await withWorkspace({ memoryLimit: "64MB", threads: 1 }, async (ws) => {
      await ws.run("CREATE TABLE data AS SELECT 1 AS x; CREATE MACRO twice(v) AS v * 2; CREATE TEMP TABLE scratch AS SELECT 2 AS y");
      await ws.run(`COPY data TO '${ws.file("out.csv")}'`);
      return ws.dir;
    });
    await withWorkspace({ memoryLimit: "64MB", threads: 1 }, async (ws) => {
      expect(ws.dir).toBe(first);
      expect(fs.readdirSync(ws.dir).filter((name) => name !== "spill")).toEqual([]);
      const [row] = await ws.rowsJS("SELECT count(*) AS n FROM duckdb_tables() WHERE table_name IN ('data', 'scratch')");
      expect(Number(row?.n)).toBe(0);
      await expect(ws.rows("SELECT twice(1)")).rejects.toThrow(/twice/);
    });
    // Another memory limit is another instance.
    const other = await withWorkspace({ memoryLimit: "96MB", threads: 1 }, (ws) => Promise.resolve(ws.dir));
    expect(other).not.toBe(first);
  });

  it("removes the folders that processes now gone left behind, and only those", async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "aw-ws-root-"));
    const gone = spawnSync(process.execPath, ["-e", ""]).pid;
    const abandoned = path.join(root, `${workspaceFolderPrefix(gone)}abc123`);
    fs.mkdirSync(path.join(abandoned, "spill"), { recursive: true });
    fs.writeFileSync(path.join(abandoned, "input-1-big.csv"), "x\n1\n");
    const otherLive = path.join(root, `${workspaceFolderPrefix(process.ppid)}def456`);
    fs.mkdirSync(otherLive);
    // Another host's folder (a container sharing the volume): its process cannot be judged from here.
    const otherHost = path.join(root, `aw-ws-elsewhere-${gone}-ghi789`);
    fs.mkdirSync(otherHost);
    fs.mkdirSync(path.join(root, "unrelated"));
    await withWorkspace({ memoryLimit: "64MB", root }, async (ws) => {
      expect(await removeAbandonedWorkspaces(root)).toBe(1);
      expect(fs.existsSync(ws.dir)).toBe(true);
    });
    expect(fs.existsSync(abandoned)).toBe(false);
    expect(fs.existsSync(otherLive)).toBe(true);
    expect(fs.existsSync(otherHost)).toBe(true);
    expect(fs.existsSync(path.join(root, "unrelated"))).toBe(true);
    await closeIdleWorkspaces();
    fs.rmSync(root, { recursive: true });
  });

  it("reads files only inside its folder; adopt hands one in without moving it", async () => {
    const outside = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "aw-ws-test-")), "points.csv");
    fs.writeFileSync(outside, "x,y\n1,2\n");
    await withWorkspace({ memoryLimit: "64MB" }, async (ws) => {
      await expect(ws.rows(`SELECT * FROM read_csv('${outside}')`)).rejects.toThrow(/Permission Error/);
      await expect(ws.run("SET enable_external_access = true")).rejects.toThrow(/the configuration has been locked/);
      await expect(ws.run("SET allowed_directories = ['/']")).rejects.toThrow(/the configuration has been locked/);
      const adopted = await ws.adopt(outside);
      expect(path.dirname(adopted)).toBe(ws.dir);
      expect(await ws.rowsJS(`SELECT * FROM read_csv('${adopted}')`)).toEqual([{ x: 1n, y: 2n }]);
    });
    expect(fs.readFileSync(outside, "utf8")).toBe("x,y\n1,2\n");
    fs.rmSync(path.dirname(outside), { recursive: true });
  });

  it("locks its configuration once set up, and a warm instance still opens the next workspace", async () => {
    await closeIdleWorkspaces();
    const first = await withWorkspace({ memoryLimit: "64MB", threads: 1 }, async (ws) => {
      for (const setting of [
        "SET memory_limit = '8GB'",
        "SET max_temp_directory_size = '1TB'",
        "SET threads = 8",
        "SET lock_configuration = false",
        "RESET allowed_directories",
      ]) {
        await expect(ws.run(setting)).rejects.toThrow(/the configuration has been locked/);
      }
      return ws.dir;
    });
    await withWorkspace({ memoryLimit: "64MB", threads: 1 }, async (ws) => {
      expect(ws.dir).toBe(first);
      await ws.run("CREATE TABLE data AS SELECT 1 AS x");
      expect(
        await ws.rowsJS("SELECT current_setting('memory_limit') AS m, current_setting('lock_configuration') AS locked, x FROM data"),
      ).toEqual([{ m: "61.0 MiB", locked: true, x: 1 }]);
    });
  });

  it("names the limit an error hit and hides server paths behind the names users know", async () => {
    await withWorkspace({ memoryLimit: "32MB", spillLimit: "1MiB", threads: 1 }, async (ws) => {
      // ~64 MB of text in a 32 MB database with 1 MiB of spill space.
      await expect(
        ws.run("CREATE TABLE big AS SELECT i, md5(i::VARCHAR) || md5((i + 1)::VARCHAR) AS s FROM range(1000000) t(i)"),
      ).rejects.toThrow(
        /^ran out of spill space \(limit 1 MiB of disk per workspace, DUCKDB_SPILL_LIMIT\): failed to offload data block of size [\d.]+ \w+ \([\d.]+ \w+\/[\d.]+ \w+ used\)\.$/,
      );
    });
    await withWorkspace({ memoryLimit: "32MB", threads: 1 }, async (ws) => {
      await expect(ws.rows("SELECT list(md5(i::VARCHAR)) FROM range(3000000) t(i)")).rejects.toThrow(
        /^ran out of memory \(limit 30.5 MiB for DuckDB of the 32MB budget\): failed to allocate data of size [\d.]+ \w+ \([\d.]+ \w+\/[\d.]+ \w+ used\)$/,
      );
      fs.writeFileSync(ws.file("input-1-abc.csv"), "a\n1\n");
      ws.nameFile(ws.file("input-1-abc.csv"), "sales.csv");
      const error = await ws
        .rows(`SELECT * FROM read_parquet('${ws.file("input-1-abc.csv")}'), read_parquet('${ws.file("other.parquet")}')`)
        .catch((err: Error) => err);
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toContain("sales.csv");
      expect((error as Error).message).not.toContain(ws.dir);
      expect(await ws.rows(`SELECT * FROM read_parquet('${ws.file("other.parquet")}')`).catch((err: Error) => err.message)).toContain(
        "<workspace>/other.parquet",
      );
    });
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
