// Prisma's schema engine (WebAssembly) for the migration scripts: the Prisma CLI's migrate
// commands need a native binary that cannot be downloaded here, the engine itself does not.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import type * as SchemaEngineModule from "@prisma/schema-engine-wasm";
import pg from "pg";
import type { TProvider } from "./prisma-generate.mjs";

// The PostgreSQL adapter rejects catalog-only column types (the one-byte "char" of pg_constraint,
// pg_node_tree …) that the engine's introspection reads; their values arrive as strings, so they are
// announced as text. Types the adapter knows are all below this list's range or in it by name.
const CATALOG_TYPES_AS_TEXT = new Set([18, 22, 24, 194, 2205, 2206, 3734]);
const TEXT_OID = 25;

/** The adapter sends plain queries through `pool.query`, so that is where the types are renamed. */
class CatalogTolerantPool extends pg.Pool {
  override query(...args: unknown[]): never {
    const result = (super.query as (...a: unknown[]) => unknown)(...args);
    if (!(result instanceof Promise)) return result as never;
    return result.then((res: pg.QueryResult) => {
      for (const field of res.fields ?? []) if (CATALOG_TYPES_AS_TEXT.has(field.dataTypeID)) field.dataTypeID = TEXT_OID;
      return res;
    }) as never;
  }
}

let enginePromise: Promise<typeof SchemaEngineModule> | undefined;

// The ES2023 lib declares WebAssembly only as types; Node provides the runtime global.
type TWebAssembly = { instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: { exports: Record<string, unknown> } }> };
const { WebAssembly } = globalThis as unknown as { WebAssembly: TWebAssembly };

/** Node 20 cannot import the package's .wasm entry, so the module is instantiated by hand. */
function loadEngineModule(): Promise<typeof SchemaEngineModule> {
  enginePromise ??= (async () => {
    const dir = path.dirname(createRequire(import.meta.url).resolve("@prisma/schema-engine-wasm"));
    const bindings = await import(path.join(dir, "schema_engine_bg.js"));
    const bytes = fs.readFileSync(path.join(dir, "schema_engine_bg.wasm"));
    const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": bindings });
    bindings.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return bindings as typeof SchemaEngineModule;
  })();
  return enginePromise;
}

/** Remembers every connection the engine opens so they can be closed (an idle pool keeps Node alive). */
function trackConnections(factory: SqlMigrationAwareDriverAdapterFactory) {
  const opened: SqlDriverAdapter[] = [];
  const track = async (connecting: Promise<SqlDriverAdapter>) => {
    const adapter = await connecting;
    opened.push(adapter);
    return adapter;
  };
  const tracked: SqlMigrationAwareDriverAdapterFactory = {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: () => track(factory.connect()),
    connectToShadowDb: () => track(factory.connectToShadowDb()),
  };
  return { factory: tracked, disposeAll: () => Promise.all(opened.map((adapter) => adapter.dispose())) };
}

/**
 * Resolves once every connection the pool opened has closed its socket. `pool.end()` resolves
 * earlier, and a connection still closing when the scratch database is dropped (WITH FORCE) would
 * report the termination on a pool nobody listens to any more: an uncaught error.
 */
function connectionsClosed(pool: pg.Pool): () => Promise<unknown> {
  const closing: Promise<void>[] = [];
  pool.on("connect", (client) => closing.push(new Promise((resolve) => client.once("end", () => resolve()))));
  return () => Promise.all(closing);
}

/**
 * SQL that turns the live database at `url` into one shaped like `toSchema`, or "" when it
 * already is. Prisma's own `_prisma_migrations` table is ignored.
 */
export async function diffDatabase(provider: TProvider, url: string, toSchema: string): Promise<string> {
  const { SchemaEngine } = await loadEngineModule();
  const pool = provider === "postgresql" ? new CatalogTolerantPool({ connectionString: url, max: 1 }) : undefined;
  const closed = pool && connectionsClosed(pool);
  const factory = pool ? new PrismaPg(pool) : new PrismaBetterSqlite3({ url: url.replace(/^file:/, "") });
  const connections = trackConnections(factory);
  const files = [{ path: "schema.prisma", content: toSchema }];
  const engine = await SchemaEngine.new(
    { datamodels: [["schema.prisma", toSchema]] },
    () => {},
    bindMigrationAwareSqlAdapterFactory(connections.factory),
  );
  try {
    const result = await engine.diff({
      from: { tag: "schemaDatasource", files, configDir: process.cwd() },
      to: { tag: "schemaDatamodel", files },
      script: true,
      exitCode: true,
      filters: { externalTables: [], externalEnums: [] },
    });
    return result.exitCode === 2 ? (result.stdout ?? "") : "";
  } finally {
    engine.free();
    await connections.disposeAll();
    await pool?.end(); // a pool passed in is the caller's to close
    await closed?.();
  }
}
