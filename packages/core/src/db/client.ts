import fs from "node:fs";
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import type { TConfig } from "../config.ts";
import { PrismaClient as PostgresClient } from "./generated/postgresql/client.ts";
import { PrismaClient as SqliteClient } from "./generated/sqlite/client.ts";

/** Both generated clients share one model API; the SQLite one's type stands for both. */
export type TDb = SqliteClient;

/** How long a SQLite write waits for another process's write lock (e.g. a migration CLI) before failing. */
const SQLITE_BUSY_TIMEOUT_MS = 10_000;

/**
 * WAL lets readers run beside the writer, and `synchronous = NORMAL` syncs at checkpoints instead
 * of on every commit (a power cut may lose the last commits, never corrupt the file): job writes
 * stop waiting on fsync, which halves a small job's time.
 */
const SQLITE_PRAGMAS = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;";

/** Applies SQLITE_PRAGMAS to every connection the client opens (also after a reconnect). */
class TunedSqliteAdapter extends PrismaBetterSqlite3 {
  override async connect() {
    const adapter = await super.connect();
    await adapter.executeScript(SQLITE_PRAGMAS);
    return adapter;
  }
}

/** Opens the database named by DATABASE_URL (file: → SQLite, postgres:// → PostgreSQL). */
export function createDb(config: Pick<TConfig, "databaseUrl" | "databaseProvider">): TDb {
  if (config.databaseProvider === "sqlite") {
    const file = config.databaseUrl.replace(/^file:/, "");
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    return new SqliteClient({ adapter: new TunedSqliteAdapter({ url: file, timeout: SQLITE_BUSY_TIMEOUT_MS }) });
  }
  return new PostgresClient({ adapter: new PrismaPg({ connectionString: config.databaseUrl }) }) as unknown as TDb;
}
