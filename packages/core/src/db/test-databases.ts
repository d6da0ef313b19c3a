// Test-only: throwaway databases for integration tests and migration tooling.
/* eslint-disable no-restricted-properties -- tests choose their PostgreSQL server through AW_TEST_POSTGRES_URL */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { serviceAvailable } from "../test-services.ts";
import type { TDbProvider } from "./migrate.ts";

export type TTestDatabase = { provider: TDbProvider; url: string; drop(): Promise<void> };

/** An admin connection allowed to CREATE DATABASE; override with AW_TEST_POSTGRES_URL. */
export const POSTGRES_ADMIN_URL = process.env.AW_TEST_POSTGRES_URL || "postgres://postgres@127.0.0.1:5432/postgres";

let availability: Promise<boolean> | undefined;

async function probePostgres(): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Whether PostgreSQL answers at POSTGRES_ADMIN_URL, asked once per process with retries; see
 * serviceAvailable for what happens when it does not. `quiet` (tools with a fallback) probes once and says nothing.
 */
export function postgresAvailable(options: { quiet?: boolean } = {}): Promise<boolean> {
  if (options.quiet)
    return probePostgres().then(
      () => true,
      () => false,
    );
  availability ??= serviceAvailable(
    `PostgreSQL at ${redact(POSTGRES_ADMIN_URL)}`,
    probePostgres,
    "Start a server there or set AW_TEST_POSTGRES_URL to an admin URL that may create databases.",
  );
  return availability;
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@");
}

async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A fresh, empty database (no tables, no migrations applied); `drop()` deletes it. */
export async function createTestDatabase(provider: TDbProvider): Promise<TTestDatabase> {
  if (provider === "sqlite") {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aw-test-db-"));
    return {
      provider,
      url: `file:${path.join(dir, "test.db")}`,
      drop: () => fs.promises.rm(dir, { recursive: true, force: true }),
    };
  }
  const name = `aw_test_${randomBytes(6).toString("hex")}`;
  await withAdmin((client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    provider,
    url: url.toString(),
    drop: () => withAdmin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => {}),
  };
}
