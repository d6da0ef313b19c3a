import fs from "node:fs";
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import type { TConfig } from "../config.ts";
import { PrismaClient as PostgresClient } from "./generated/postgresql/client.ts";
import { PrismaClient as SqliteClient } from "./generated/sqlite/client.ts";

/** Both generated clients share one model API; the SQLite one's type stands for both. */
export type TDb = SqliteClient;

/** Opens the database named by DATABASE_URL (file: → SQLite, postgres:// → PostgreSQL). */
export function createDb(config: Pick<TConfig, "databaseUrl" | "databaseProvider">): TDb {
  if (config.databaseProvider === "sqlite") {
    const file = config.databaseUrl.replace(/^file:/, "");
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    return new SqliteClient({ adapter: new PrismaBetterSqlite3({ url: file }) });
  }
  return new PostgresClient({ adapter: new PrismaPg({ connectionString: config.databaseUrl }) }) as unknown as TDb;
}
