import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { REPO_ROOT, type TConfig } from "../config.ts";
import type { TDb } from "./client.ts";
import { splitSqlStatements } from "./sql-statements.ts";

export type TDbProvider = TConfig["databaseProvider"];

/** One committed migration: `prisma/migrations/<provider>/<name>/migration.sql`. */
export type TMigration = { name: string; sql: string; checksum: string };

export const MIGRATIONS_ROOT = path.join(REPO_ROOT, "prisma/migrations");

/** The key `prisma migrate deploy` locks too, so our apply and Prisma's never interleave. */
const POSTGRES_MIGRATION_LOCK = 72707369;

// Prisma's own bookkeeping table, byte for byte as its schema engine creates it.
const MIGRATIONS_TABLE: Record<TDbProvider, string> = {
  sqlite: `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`,
  postgresql: `CREATE TABLE IF NOT EXISTS _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
)`,
};

type TAppliedRow = { migration_name: string; checksum: string; finished_at: unknown };
type TTx = Parameters<Parameters<TDb["$transaction"]>[0]>[0];

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** Committed migrations in apply order (their names start with a sortable timestamp). */
export function readMigrations(provider: TDbProvider, root = MIGRATIONS_ROOT): TMigration[] {
  const dir = path.join(root, provider);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(dir, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: sha256(sql) };
    });
}

/** Prisma accepts a script whose line endings changed (a Windows checkout), so we do too. */
function sameScript(migration: TMigration, recordedChecksum: string): boolean {
  const lf = migration.sql.replace(/\r\n/g, "\n");
  return [migration.checksum, sha256(lf), sha256(lf.replace(/\n/g, "\r\n"))].includes(recordedChecksum);
}

async function appliedRows(tx: TTx): Promise<TAppliedRow[]> {
  return tx.$queryRawUnsafe<TAppliedRow[]>(
    `SELECT migration_name, checksum, finished_at FROM _prisma_migrations WHERE rolled_back_at IS NULL`,
  );
}

/** Throws when the database's history disagrees with the committed one; returns applied names. */
function verifyHistory(rows: TAppliedRow[], migrations: TMigration[]): Set<string> {
  const byName = new Map(migrations.map((m) => [m.name, m]));
  for (const row of rows) {
    const migration = byName.get(row.migration_name);
    if (row.finished_at === null) {
      throw new Error(
        `Migration ${row.migration_name} started but never finished in this database. Repair the database by hand, ` +
          `then delete its row from _prisma_migrations (or mark it rolled back) and start again.`,
      );
    }
    if (migration && !sameScript(migration, row.checksum)) {
      throw new Error(
        `Migration ${row.migration_name} was changed after it was applied to this database (checksum ${row.checksum} ` +
          `recorded, ${migration.checksum} on disk). Restore the original migration.sql and put the change in a new migration.`,
      );
    }
  }
  return new Set(rows.map((r) => r.migration_name));
}

async function runScript(tx: TTx, provider: TDbProvider, sql: string): Promise<void> {
  // PostgreSQL runs a parameterless multi-statement script in one round trip; SQLite runs one at a time.
  if (provider === "postgresql") {
    await tx.$executeRawUnsafe(sql);
    return;
  }
  for (const statement of splitSqlStatements(sql)) await tx.$executeRawUnsafe(statement);
}

/** Takes the database-wide migration lock for the rest of the transaction. */
async function lock(tx: TTx, provider: TDbProvider): Promise<void> {
  if (provider === "postgresql") await tx.$queryRawUnsafe(`SELECT pg_advisory_xact_lock(${POSTGRES_MIGRATION_LOCK})::text AS locked`);
  // SQLite: a write takes the file's write lock now instead of failing to upgrade a read lock later.
  else await tx.$executeRawUnsafe(`DELETE FROM "_prisma_migrations" WHERE 0`);
}

export type TApplyOptions = {
  /** Folder holding `<provider>/<name>/migration.sql`; defaults to the repository's prisma/migrations. */
  root?: string;
};

const TX_OPTIONS = { maxWait: 60_000, timeout: 10 * 60_000 };

/**
 * Applies the committed migrations this database lacks, each in its own transaction, and records
 * them in `_prisma_migrations` exactly as `prisma migrate deploy` would. Safe to call from several
 * processes at once; returns the names it applied.
 */
export async function applyMigrations(db: TDb, provider: TDbProvider, options: TApplyOptions = {}): Promise<string[]> {
  const root = options.root ?? MIGRATIONS_ROOT;
  const migrations = readMigrations(provider, root);
  // A deployment without its migrations folder would otherwise start on an empty database.
  if (migrations.length === 0) throw new Error(`No migrations found in ${path.join(root, provider)}`);

  const rows = await db.$transaction(async (tx) => {
    if (provider === "postgresql") await lock(tx, provider);
    await tx.$executeRawUnsafe(MIGRATIONS_TABLE[provider]);
    return appliedRows(tx);
  }, TX_OPTIONS);
  const alreadyApplied = verifyHistory(rows, migrations);

  const applied: string[] = [];
  for (const migration of migrations) {
    if (alreadyApplied.has(migration.name)) continue;
    const didApply = await db.$transaction(async (tx) => {
      await lock(tx, provider);
      // Another process may have applied it while we waited for the lock.
      if (verifyHistory(await appliedRows(tx), migrations).has(migration.name)) return false;
      try {
        await runScript(tx, provider, migration.sql);
      } catch (err) {
        const reason = err instanceof Error ? err.message : String(err);
        throw new Error(`Migration ${migration.name} failed and was rolled back: ${reason}`, { cause: err });
      }
      const [now, p1, p2, p3] = provider === "postgresql" ? ["now()", "$1", "$2", "$3"] : ["current_timestamp", "?", "?", "?"];
      await tx.$executeRawUnsafe(
        `INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
         VALUES (${p1}, ${p2}, ${p3}, ${now}, ${now}, 1)`,
        randomUUID(),
        migration.checksum,
        migration.name,
      );
      return true;
    }, TX_OPTIONS);
    if (didApply) applied.push(migration.name);
  }
  return applied;
}
