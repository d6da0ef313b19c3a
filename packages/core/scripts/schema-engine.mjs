// Diffs two Prisma schemas into migration SQL with Prisma's own schema engine (WebAssembly),
// because the Prisma CLI's migrate commands need a native binary that cannot be downloaded here.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import pg from "pg";

const NO_FILTERS = { externalTables: [], externalEnums: [] };
const DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/postgres";

let enginePromise;

/** Node 20 cannot import a .wasm module, so the package's entry is replaced by a manual instantiation. */
function loadEngineModule() {
  enginePromise ??= (async () => {
    const require = createRequire(import.meta.url);
    const dir = path.dirname(require.resolve("@prisma/schema-engine-wasm"));
    const bindings = await import(path.join(dir, "schema_engine_bg.js"));
    const bytes = fs.readFileSync(path.join(dir, "schema_engine_bg.wasm"));
    const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": bindings });
    bindings.__wbg_set_wasm(instance.exports);
    instance.exports.__wbindgen_start();
    return bindings;
  })();
  return enginePromise;
}

async function postgresReachable(url) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * The engine insists on a live connection even for schema-to-schema diffs. PostgreSQL uses the
 * server named by AW_MIGRATION_POSTGRES_URL (default: local trust server) or, when none answers,
 * an in-process PGlite so that creating migrations never needs a running server.
 */
async function openAdapterFactory(provider) {
  if (provider === "sqlite") return { factory: new PrismaBetterSqlite3({ url: ":memory:" }), close: async () => {} };
  const url = process.env.AW_MIGRATION_POSTGRES_URL || DEFAULT_POSTGRES_URL;
  if (await postgresReachable(url)) return { factory: new PrismaPg({ connectionString: url }), close: async () => {} };
  const db = await PGlite.create();
  const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: 0 });
  await server.start();
  return {
    factory: new PrismaPg({ connectionString: `postgres://postgres@${server.getServerConn()}/postgres`, max: 1 }),
    close: async () => {
      await server.stop();
      await db.close();
    },
  };
}

/** Remembers every connection the engine opens so they can be closed (an idle pool keeps Node alive). */
function trackConnections(factory) {
  const opened = [];
  const track = async (connecting) => {
    const adapter = await connecting;
    opened.push(adapter);
    return adapter;
  };
  return {
    factory: {
      provider: factory.provider,
      adapterName: factory.adapterName,
      connect: () => track(factory.connect()),
      connectToShadowDb: () => track(factory.connectToShadowDb()),
    },
    disposeAll: () => Promise.all(opened.map((adapter) => adapter.dispose())),
  };
}

/**
 * SQL that turns a database shaped like `fromSchema` (null: empty database) into one shaped
 * like `toSchema`, or "" when they already match.
 */
export async function diffSchemas(provider, fromSchema, toSchema) {
  const { SchemaEngine } = await loadEngineModule();
  const { factory, close } = await openAdapterFactory(provider);
  const connections = trackConnections(factory);
  let engine;
  try {
    engine = await SchemaEngine.new({ datamodels: [["schema.prisma", toSchema]] }, () => {}, bindMigrationAwareSqlAdapterFactory(connections.factory));
    const target = (content) => ({ tag: "schemaDatamodel", files: [{ path: "schema.prisma", content }] });
    const result = await engine.diff({
      from: fromSchema === null ? { tag: "empty" } : target(fromSchema),
      to: target(toSchema),
      script: true,
      exitCode: true,
      filters: NO_FILTERS,
    });
    return result.exitCode === 2 ? (result.stdout ?? "") : "";
  } finally {
    engine?.free();
    await connections.disposeAll();
    await close();
  }
}
