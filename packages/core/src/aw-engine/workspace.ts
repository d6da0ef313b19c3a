import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { limitBytes } from "../data/memory-limit.ts";

export type TWorkspaceOptions = {
  /** The run's memory budget, e.g. "1GB"; DuckDB gets a share of it and spills to the workspace's temp folder beyond that. */
  memoryLimit: string;
  threads?: number;
  signal?: AbortSignal;
};

export type TRow = Record<string, unknown>;

/**
 * Share of the budget DuckDB's buffer pool gets: its limit leaves out allocator slack, Parquet
 * writer buffers and Node's heap. On a 1 GB CSV a 1 GB limit peaked at 1.2–1.6 GB RSS; 40% at 0.87 GB.
 */
const DUCKDB_SHARE = 0.4;
/** Budgets up to this go to DuckDB whole: less leaves it too little to count distinct text. */
const DUCKDB_FLOOR_BYTES = 256 * 2 ** 20;

/** DuckDB's memory limit for a run budget, in whole KiB. */
export function duckdbMemoryLimit(budget: string): string {
  const bytes = limitBytes(budget);
  return `${Math.floor(Math.max(Math.min(bytes, DUCKDB_FLOOR_BYTES), bytes * DUCKDB_SHARE) / 1024)}KiB`;
}

/** Quotes an identifier for DuckDB SQL. */
export const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;
/** Quotes a string literal for DuckDB SQL. */
export const literal = (value: string) => `'${value.replaceAll("'", "''")}'`;

/**
 * One run's private DuckDB database with a temp folder for its files. External access is disabled
 * once the inputs are registered, so plans can read only what the engine handed them. The
 * database lives in memory (no file to create, checkpoint and delete: a tiny run is 10–40 ms
 * cheaper) and spills to the folder beyond the memory limit. Each run needs an instance of its
 * own: the file-access settings are per instance and cannot be loosened once set.
 */
export class Workspace {
  private constructor(
    readonly dir: string,
    private readonly instance: DuckDBInstance,
    readonly connection: DuckDBConnection,
    private readonly signal?: AbortSignal,
  ) {}

  private readonly interrupt = () => this.connection.interrupt();

  static async open(options: TWorkspaceOptions): Promise<Workspace> {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "aw-ws-"));
    const instance = await DuckDBInstance.create(":memory:", {
      memory_limit: duckdbMemoryLimit(options.memoryLimit),
      // Hand freed memory back to the OS sooner than the 128 MiB default, so RSS follows the buffer pool.
      allocator_flush_threshold: "32MiB",
      temp_directory: path.join(dir, "spill"),
      ...(options.threads ? { threads: String(options.threads) } : {}),
    });
    const connection = await instance.connect();
    const ws = new Workspace(dir, instance, connection, options.signal);
    // Removed on close: a long-lived signal (the profiler's) must not collect every workspace it served.
    options.signal?.addEventListener("abort", ws.interrupt, { once: true });
    return ws;
  }

  /** A file path inside the workspace folder, for temp downloads and exports. */
  file(name: string): string {
    return path.join(this.dir, name);
  }

  private throwIfAborted() {
    this.signal?.throwIfAborted();
  }

  async run(sql: string): Promise<void> {
    this.throwIfAborted();
    await this.connection.run(sql);
    this.throwIfAborted();
  }

  /** Runs a query and returns rows as JSON-safe objects (big integers as strings, dates ISO). */
  async rows(sql: string): Promise<TRow[]> {
    this.throwIfAborted();
    const reader = await this.connection.runAndReadAll(sql);
    this.throwIfAborted();
    return reader.getRowObjectsJson() as TRow[];
  }

  /** Runs a query and returns rows as JS values (bigint, Date, number). */
  async rowsJS(sql: string): Promise<TRow[]> {
    this.throwIfAborted();
    const reader = await this.connection.runAndReadAll(sql);
    this.throwIfAborted();
    return reader.getRowObjectsJS() as TRow[];
  }

  async close(): Promise<void> {
    this.signal?.removeEventListener("abort", this.interrupt);
    try {
      this.connection.closeSync();
      this.instance.closeSync();
    } finally {
      await fs.rm(this.dir, { recursive: true, force: true });
    }
  }
}

/** Opens a workspace, runs `fn`, and always removes the workspace afterwards. */
export async function withWorkspace<T>(options: TWorkspaceOptions, fn: (ws: Workspace) => Promise<T>): Promise<T> {
  const ws = await Workspace.open(options);
  try {
    return await fn(ws);
  } finally {
    await ws.close();
  }
}
