import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createDb, type TDb } from "./client.ts";
import { applyMigrations, MIGRATIONS_ROOT, readMigrations, type TDbProvider } from "./migrate.ts";
import { createTestDatabase, postgresAvailable, type TTestDatabase } from "./test-databases.ts";

const pgAvailable = await postgresAvailable();

type TRow = {
  id: string;
  checksum: string;
  finished_at: unknown;
  migration_name: string;
  logs: string | null;
  rolled_back_at: unknown;
  started_at: unknown;
  applied_steps_count: number | bigint;
};

/** A copy of the committed migrations that a test may edit. */
function copyMigrations(provider: TDbProvider): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "aw-migrations-"));
  fs.cpSync(path.join(MIGRATIONS_ROOT, provider), path.join(root, provider), { recursive: true });
  return root;
}

function addMigration(root: string, provider: TDbProvider, name: string, sql: string): void {
  fs.mkdirSync(path.join(root, provider, name));
  fs.writeFileSync(path.join(root, provider, name, "migration.sql"), sql);
}

describe.each([
  { provider: "sqlite" as const, run: true },
  { provider: "postgresql" as const, run: pgAvailable },
])("applyMigrations on $provider", ({ provider, run }) => {
  const cleanup: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const fn of cleanup.splice(0).reverse()) await fn();
  });

  async function freshDb(): Promise<{ database: TTestDatabase; db: TDb }> {
    const database = await createTestDatabase(provider);
    cleanup.push(() => database.drop());
    const db = createDb({ databaseUrl: database.url, databaseProvider: provider });
    cleanup.push(() => db.$disconnect());
    return { database, db };
  }

  const rows = (db: TDb) => db.$queryRawUnsafe<TRow[]>(`SELECT * FROM _prisma_migrations ORDER BY migration_name`);

  it.skipIf(!run)("applies every migration once, records it as Prisma does, and then applies nothing", async () => {
    const { db } = await freshDb();
    const committed = readMigrations(provider);
    expect(committed.length).toBeGreaterThan(0);

    expect(await applyMigrations(db, provider)).toEqual(committed.map((m) => m.name));
    expect(await applyMigrations(db, provider)).toEqual([]);

    const recorded = await rows(db);
    expect(recorded.map((r) => r.migration_name)).toEqual(committed.map((m) => m.name));
    for (const [i, row] of recorded.entries()) {
      const file = path.join(MIGRATIONS_ROOT, provider, row.migration_name, "migration.sql");
      expect(row.checksum).toBe(createHash("sha256").update(fs.readFileSync(file)).digest("hex"));
      expect(row.checksum).toBe(committed[i]!.checksum);
      expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(row.finished_at).not.toBeNull();
      expect(row.started_at).not.toBeNull();
      expect(row.rolled_back_at).toBeNull();
      expect(row.logs).toBeNull();
      expect(Number(row.applied_steps_count)).toBe(1);
    }
    // The models' tables exist and are usable.
    expect(await db.workflow.count()).toBe(0);
  });

  it.skipIf(!run)("applies only the migrations added since the last run", async () => {
    const { db } = await freshDb();
    const root = copyMigrations(provider);
    cleanup.push(() => fs.promises.rm(root, { recursive: true, force: true }));
    await applyMigrations(db, provider, { root });

    addMigration(
      root,
      provider,
      "29990101000000_add_note",
      `CREATE TABLE "Note" ("id" INTEGER NOT NULL PRIMARY KEY, "body" TEXT NOT NULL);`,
    );
    expect(await applyMigrations(db, provider, { root })).toEqual(["29990101000000_add_note"]);
    await db.$executeRawUnsafe(`INSERT INTO "Note" ("id", "body") VALUES (1, 'a;b')`);
    expect(await applyMigrations(db, provider, { root })).toEqual([]);
  });

  it.skipIf(!run)("refuses to run when an applied migration was edited", async () => {
    const { db } = await freshDb();
    const root = copyMigrations(provider);
    cleanup.push(() => fs.promises.rm(root, { recursive: true, force: true }));
    await applyMigrations(db, provider, { root });

    const first = readMigrations(provider, root)[0]!;
    fs.appendFileSync(path.join(root, provider, first.name, "migration.sql"), "\n-- edited later\n");
    await expect(applyMigrations(db, provider, { root })).rejects.toThrow(
      new RegExp(`Migration ${first.name} was changed after it was applied`),
    );
  });

  it.skipIf(!run)("accepts an applied migration whose line endings changed", async () => {
    const { db } = await freshDb();
    const root = copyMigrations(provider);
    cleanup.push(() => fs.promises.rm(root, { recursive: true, force: true }));
    await applyMigrations(db, provider, { root });
    const file = path.join(root, provider, readMigrations(provider, root)[0]!.name, "migration.sql");
    fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace(/\n/g, "\r\n"));
    expect(await applyMigrations(db, provider, { root })).toEqual([]);
  });

  it.skipIf(!run)("rolls a failing migration back completely and records nothing for it", async () => {
    const { db } = await freshDb();
    const root = copyMigrations(provider);
    cleanup.push(() => fs.promises.rm(root, { recursive: true, force: true }));
    await applyMigrations(db, provider, { root });
    addMigration(
      root,
      provider,
      "29990101000000_broken",
      `CREATE TABLE "Half" ("id" INTEGER);\nALTER TABLE "NoSuchTable" ADD COLUMN "x" INTEGER;`,
    );

    await expect(applyMigrations(db, provider, { root })).rejects.toThrow(/Migration 29990101000000_broken failed and was rolled back/);
    expect((await rows(db)).map((r) => r.migration_name)).not.toContain("29990101000000_broken");
    await expect(db.$queryRawUnsafe(`SELECT * FROM "Half"`)).rejects.toThrow();
  });

  it.skipIf(!run)("stops on a migration another tool left unfinished", async () => {
    const { db } = await freshDb();
    await applyMigrations(db, provider);
    await db.$executeRawUnsafe(`UPDATE _prisma_migrations SET finished_at = NULL`);
    await expect(applyMigrations(db, provider)).rejects.toThrow(/started but never finished/);
  });

  it.skipIf(!run)("fails clearly when the migrations folder is missing", async () => {
    const { db } = await freshDb();
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "aw-no-migrations-"));
    cleanup.push(() => fs.promises.rm(root, { recursive: true, force: true }));
    await expect(applyMigrations(db, provider, { root })).rejects.toThrow(/No migrations found/);
  });
});

describe.skipIf(!pgAvailable)("applyMigrations on postgresql from several processes at once", () => {
  it("applies each migration exactly once", async () => {
    const database = await createTestDatabase("postgresql");
    const clients = Array.from({ length: 4 }, () => createDb({ databaseUrl: database.url, databaseProvider: "postgresql" }));
    try {
      const results = await Promise.all(clients.map((db) => applyMigrations(db, "postgresql")));
      const names = readMigrations("postgresql").map((m) => m.name);
      expect(results.flat().sort()).toEqual(names);
      const counted = await clients[0]!.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM _prisma_migrations`);
      expect(Number(counted[0]!.n)).toBe(names.length);
    } finally {
      await Promise.all(clients.map((db) => db.$disconnect()));
      await database.drop();
    }
  });
});
