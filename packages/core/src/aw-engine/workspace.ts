import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { limitBytes } from "../data/memory-limit.ts";
import { EngineError, engineMessage, type TEngineLimits } from "./engine-errors.ts";
import { linkOrCopy } from "../storage/link-or-copy.ts";
import { ownedNamePrefix, removeLeftoversOfDeadProcesses } from "../process-leftovers.ts";

export type TWorkspaceOptions = {
  /** The run's memory budget, e.g. "1GB"; DuckDB gets a share of it and spills to the workspace's folder beyond that. */
  memoryLimit: string;
  /** Spill files the workspace may write, e.g. "8GiB" (DuckDB's max_temp_directory_size); DuckDB's default is 90% of the free disk. */
  spillLimit?: string;
  threads?: number;
  signal?: AbortSignal;
  /** Where workspace folders are made (default: the OS temp folder); on the storage's file system, handing in a stored file is a hard link. */
  root?: string;
};

export type TRow = Record<string, unknown>;

/**
 * Share of the budget DuckDB's buffer pool gets: its limit leaves out allocator slack, Parquet
 * writer buffers and Node's heap. On a 1 GB CSV a 1 GB limit peaked at 1.2–1.6 GB RSS; 40% at 0.87 GB.
 */
const DUCKDB_SHARE = 0.4;
/** Budgets up to this go to DuckDB whole: less leaves it too little to count distinct text. */
const DUCKDB_FLOOR_BYTES = 256 * 2 ** 20;
/** An idle DuckDB instance is closed after this long; its threads and caches go with it. */
const IDLE_CLOSE_MS = 30_000;
/** Idle instances kept per kind (memory limit × threads); more concurrent workspaces than this open their own. */
const MAX_IDLE_PER_KIND = 8;
/** Spill limit when none is given: DuckDB's own default would be 90% of the free disk. */
const DEFAULT_SPILL_LIMIT = "8GiB";

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
 * A column's most frequent non-NULL values as rows `{ v, n }`, ties in text order. The grouping
 * sits in a subquery so that `v` and `n` in the ORDER BY are the aliases even when the table has
 * columns of those names.
 */
export const mostFrequentSql = (source: string, column: string, limit: number) =>
  `SELECT v, n FROM (SELECT ${ident(column)} AS v, count(*) AS n FROM ${source} WHERE ${ident(column)} IS NOT NULL GROUP BY 1) ` +
  `ORDER BY n DESC, v::VARCHAR LIMIT ${limit}`;

/**
 * A DuckDB instance locked to one folder: it reads and writes files there only, and it spills
 * there. The lock is set when the instance starts and can never be loosened, so an instance is
 * reused by one workspace after another (starting one costs ~30 ms of CPU; a workspace on a
 * warm one ~1 ms), never shared by two at once.
 */
type TEngine = { kind: string; instance: DuckDBInstance; dir: string; limits: TEngineLimits; idleTimer?: NodeJS.Timeout };

const idleEngines = new Map<string, TEngine[]>();
let attachCounter = 0;

async function startEngine(kind: string, options: TWorkspaceOptions): Promise<TEngine> {
  // DuckDB resolves links before checking a path, so the allowed folder is named by its real path.
  const root = options.root ?? os.tmpdir();
  await fs.mkdir(root, { recursive: true });
  const dir = await fs.realpath(await fs.mkdtemp(path.join(root, workspaceFolderPrefix())));
  const spillLimit = options.spillLimit ?? DEFAULT_SPILL_LIMIT;
  const limits = {
    memoryBytes: limitBytes(duckdbMemoryLimit(options.memoryLimit)),
    memoryBudget: options.memoryLimit,
    spillBytes: limitBytes(spillLimit),
  };
  try {
    const instance = await DuckDBInstance.create(":memory:", {
      memory_limit: duckdbMemoryLimit(options.memoryLimit),
      // Hand freed memory back to the OS sooner than the 128 MiB default, so RSS follows the buffer pool.
      allocator_flush_threshold: "32MiB",
      temp_directory: path.join(dir, "spill"),
      ...(options.threads ? { threads: String(options.threads) } : {}),
    });
    const setup = await instance.connect();
    try {
      await setup.run(`SET allowed_directories = [${literal(`${dir}/`)}]`);
      // Set here, not among the create options: there DuckDB 1.5 reports the value but its temp files ignore it.
      await setup.run(`SET max_temp_directory_size = '${Math.floor(limits.spillBytes / 1024)}KiB'`);
      await setup.run("SET enable_external_access = false");
      // Nothing run later (a plan, an expression, an assertion) can loosen a limit or the sandbox.
      await setup.run("SET lock_configuration = true");
    } finally {
      setup.closeSync();
    }
    return { kind, instance, dir, limits };
  } catch (err) {
    await fs.rm(dir, { recursive: true, force: true });
    throw err;
  }
}

async function stopEngine(engine: TEngine): Promise<void> {
  clearTimeout(engine.idleTimer);
  const idle = idleEngines.get(engine.kind);
  if (idle?.includes(engine)) idle.splice(idle.indexOf(engine), 1);
  try {
    engine.instance.closeSync();
  } finally {
    await fs.rm(engine.dir, { recursive: true, force: true });
  }
}

function takeIdleEngine(kind: string): TEngine | undefined {
  const engine = idleEngines.get(kind)?.pop();
  clearTimeout(engine?.idleTimer);
  return engine;
}

async function parkEngine(engine: TEngine): Promise<void> {
  const idle = idleEngines.get(engine.kind) ?? [];
  if (idle.length >= MAX_IDLE_PER_KIND) return stopEngine(engine);
  idleEngines.set(engine.kind, idle);
  idle.push(engine);
  engine.idleTimer = setTimeout(() => void stopEngine(engine).catch(() => {}), IDLE_CLOSE_MS).unref();
}

/** The start of the names of the workspace folders a process of this host makes. */
export const workspaceFolderPrefix = (pid = process.pid) => ownedNamePrefix("aw-ws", pid);

/**
 * Removes the workspace folders of processes that are gone: a killed server leaves its folders
 * behind, with spill files and links that would keep deleted data's bytes on disk. Folders of
 * live processes on this host are left alone. Returns how many were removed.
 */
export const removeAbandonedWorkspaces = (root: string): Promise<number> => removeLeftoversOfDeadProcesses(root, "aw-ws");

/** Closes every idle DuckDB instance (at shutdown); workspaces still open close theirs when they end. */
export async function closeIdleWorkspaces(): Promise<void> {
  const engines = [...idleEngines.values()].flat();
  await Promise.all(engines.map(stopEngine));
}

/**
 * One run's private DuckDB database with a folder for its files. It can read and write files in
 * that folder only: plans, derive expressions and SQL assertions cannot reach anything else on
 * the machine, and a file from elsewhere is handed in with `adopt`. The database is an in-memory
 * catalog of its own on a DuckDB instance kept warm between workspaces; it spills to the folder
 * beyond the memory limit. Closing drops the catalog and empties the folder.
 */
export class Workspace {
  private constructor(
    private readonly engine: TEngine,
    readonly connection: DuckDBConnection,
    private readonly catalog: string,
    private readonly signal?: AbortSignal,
  ) {}

  private readonly interrupt = () => this.connection.interrupt();
  private adopted = 0;
  /** Paths in this workspace and the names users know them by, for error messages. */
  private readonly names = new Map<string, string>();

  /** The workspace's folder: the only place its SQL can read or write files. */
  get dir(): string {
    return this.engine.dir;
  }

  static async open(options: TWorkspaceOptions): Promise<Workspace> {
    // The configuration is locked when an instance starts, so every setting is part of its kind.
    const kind = [options.root ?? "", options.memoryLimit, options.spillLimit ?? "", options.threads ?? ""].join("\0");
    const engine = takeIdleEngine(kind) ?? (await startEngine(kind, options));
    let connection: DuckDBConnection | undefined;
    try {
      connection = await engine.instance.connect();
      const catalog = `workspace_${++attachCounter}`;
      await connection.run(`ATTACH ':memory:' AS ${catalog}; USE ${catalog}`);
      const ws = new Workspace(engine, connection, catalog, options.signal);
      // Removed on close: a long-lived signal (the profiler's) must not collect every workspace it served.
      options.signal?.addEventListener("abort", ws.interrupt, { once: true });
      return ws;
    } catch (err) {
      connection?.closeSync();
      await stopEngine(engine);
      throw err;
    }
  }

  /** A file path inside the workspace folder, for temp downloads and exports. */
  file(name: string): string {
    return path.join(this.dir, name);
  }

  /**
   * Makes a file readable here and returns the path to read it by: a file already in the folder
   * as it is, any other as a hard link in the folder (a copy when it is on another file system).
   */
  async adopt(file: string): Promise<string> {
    const resolved = path.resolve(file);
    if (path.dirname(resolved) === this.dir) return resolved;
    const target = this.file(`input-${++this.adopted}-${path.basename(resolved)}`);
    await linkOrCopy(resolved, target);
    return target;
  }

  /** Engine errors name `file` (a path in this workspace) as `name`, e.g. the artifact's file name. */
  nameFile(file: string, name: string): void {
    this.names.set(file, name);
  }

  /** The limits this workspace runs under and the paths it knows, applied to a DuckDB error. */
  private engineError(err: unknown): unknown {
    if (!(err instanceof Error) || err.name === "AbortError") return err;
    const message = engineMessage(err.message, this.engine.limits, new Map([...this.names, [this.dir, "<workspace>"]]));
    return new EngineError(message, { cause: err });
  }

  private async query<T>(run: () => Promise<T>): Promise<T> {
    this.signal?.throwIfAborted();
    let result: T;
    try {
      result = await run();
    } catch (err) {
      // An interrupt for a cancel or a time limit surfaces as the signal's reason, not DuckDB's "Interrupted!".
      this.signal?.throwIfAborted();
      throw this.engineError(err);
    }
    this.signal?.throwIfAborted();
    return result;
  }

  async run(sql: string): Promise<void> {
    await this.query(() => this.connection.run(sql));
  }

  /** Runs a query and returns rows as JSON-safe objects (big integers as strings, dates ISO). */
  async rows(sql: string): Promise<TRow[]> {
    return (await this.query(() => this.connection.runAndReadAll(sql))).getRowObjectsJson();
  }

  /** Runs a query and returns rows as JS values (bigint, Date, number). */
  async rowsJS(sql: string): Promise<TRow[]> {
    return (await this.query(() => this.connection.runAndReadAll(sql))).getRowObjectsJS();
  }

  /** Drops the catalog and the folder's files; the instance goes back to the pool if it is still sound. */
  async close(): Promise<void> {
    this.signal?.removeEventListener("abort", this.interrupt);
    let sound = true;
    try {
      await this.connection.run(`USE memory; DETACH ${this.catalog}`);
    } catch {
      sound = false;
    }
    this.connection.closeSync();
    try {
      const entries = await fs.readdir(this.dir);
      await Promise.all(entries.filter((name) => name !== "spill").map((name) => fs.rm(this.file(name), { recursive: true, force: true })));
    } catch {
      sound = false;
    }
    await (sound ? parkEngine(this.engine) : stopEngine(this.engine));
  }
}

/** Opens a workspace, runs `fn`, and always closes the workspace afterwards. */
export async function withWorkspace<T>(options: TWorkspaceOptions, fn: (ws: Workspace) => Promise<T>): Promise<T> {
  const ws = await Workspace.open(options);
  try {
    return await fn(ws);
  } finally {
    await ws.close();
  }
}
