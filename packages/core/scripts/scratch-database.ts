// A throwaway database for the migration scripts: the test server when it answers, otherwise an
// in-process PGlite, so creating and checking migrations never needs a running PostgreSQL.
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import Database from "better-sqlite3";
import pg from "pg";
import { createTestDatabase, postgresAvailable } from "../src/db/test-databases.ts";
import type { TProvider } from "./prisma-generate.mjs";

/** `url` for the schema engine; `exec` runs a whole multi-statement script. */
export type TScratchDatabase = { url: string; exec(script: string): Promise<void> };

export async function withScratchDatabase<T>(provider: TProvider, fn: (db: TScratchDatabase) => Promise<T>): Promise<T> {
  if (provider === "sqlite" || (await postgresAvailable({ quiet: true }))) {
    const database = await createTestDatabase(provider);
    try {
      return await fn({ url: database.url, exec: (script) => execScript(provider, database.url, script) });
    } finally {
      await database.drop();
    }
  }
  const pglite = await PGlite.create();
  const server = new PGLiteSocketServer({ db: pglite, host: "127.0.0.1", port: 0 });
  await server.start();
  try {
    return await fn({
      url: `postgres://postgres@${server.getServerConn()}/postgres`,
      exec: async (script) => void (await pglite.exec(script)),
    });
  } finally {
    await server.stop();
    await pglite.close();
  }
}

async function execScript(provider: TProvider, url: string, script: string): Promise<void> {
  if (provider === "sqlite") {
    const db = new Database(url.replace(/^file:/, ""));
    try {
      db.exec(script);
    } finally {
      db.close();
    }
    return;
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(script);
  } finally {
    await client.end();
  }
}
