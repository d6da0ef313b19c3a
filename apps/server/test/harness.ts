// Integration test harness: the real core and Express app on 127.0.0.1, an ephemeral port and a temp data dir.
import fs from "node:fs/promises";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { createCore, loadConfig, type TCore } from "@aw/core";
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink, type TRPCClient } from "@trpc/client";
import { EventSource } from "eventsource";
import superjson from "superjson";
import { createTestDatabase, postgresAvailable, type TTestDatabase } from "../../../packages/core/src/db/test-databases.ts";
import { patience } from "../../../packages/core/src/test-patience.ts";
import { createApp } from "../src/app.ts";
import type { AppRouter } from "../src/trpc/router.ts";

export type TDatabaseProvider = "sqlite" | "postgresql";

export type THarnessOptions = {
  /** A throwaway database of this kind is created and dropped on close (default sqlite). */
  provider?: TDatabaseProvider;
  /** Use this database as is instead (it is not dropped). */
  databaseUrl?: string;
  /** Extra environment, e.g. `{ UPLOAD_MAX_BYTES: "1024", AW_API_TOKEN: "t" }`. */
  env?: Record<string, string>;
};

export type THarness = {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  url: string;
  dataDir: string;
  core: TCore;
  trpc: TRPCClient<AppRouter>;
  /** Headers every request needs (the bearer token when AW_API_TOKEN is set). */
  headers: Record<string, string>;
  /** The server's log lines so far (at LOG_LEVEL, warn unless `env` says otherwise), parsed. */
  logs: Record<string, unknown>[];
  close(): Promise<void>;
};

/** Providers to run database-backed suites against: SQLite always, PostgreSQL when it answers. */
export async function testProviders(): Promise<TDatabaseProvider[]> {
  return (await postgresAvailable()) ? ["sqlite", "postgresql"] : ["sqlite"];
}

export async function startServer(options: THarnessOptions = {}): Promise<THarness> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "aw-server-test-"));
  let database: TTestDatabase | undefined;
  if (!options.databaseUrl && options.provider === "postgresql") database = await createTestDatabase("postgresql");
  const config = loadConfig({
    NODE_ENV: "test",
    LOG_LEVEL: "warn",
    AW_DATA_DIR: dataDir,
    AW_WEB_DIST: path.join(dataDir, "no-web-build"),
    ...(options.databaseUrl || database ? { DATABASE_URL: options.databaseUrl ?? database?.url } : {}),
    ...options.env,
  });
  const logs: Record<string, unknown>[] = [];
  const core = await createCore(config, {
    logDestination: { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) },
  });
  const server: Server = createApp(core).listen(0, "127.0.0.1");
  await new Promise<void>((resolve, reject) => server.once("listening", resolve).once("error", reject));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const headers: Record<string, string> = config.AW_API_TOKEN ? { authorization: `Bearer ${config.AW_API_TOKEN}` } : {};
  const trpc = createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === "subscription",
        true: httpSubscriptionLink({
          url: `${url}/trpc`,
          transformer: superjson,
          EventSource,
          eventSourceOptions: { fetch: (input, init) => fetch(input, { ...init, headers: { ...init?.headers, ...headers } }) },
        }),
        false: httpBatchLink({ url: `${url}/trpc`, transformer: superjson, headers }),
      }),
    ],
  });

  return {
    url,
    dataDir,
    core,
    trpc,
    headers,
    logs,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await core.close();
      await database?.drop();
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** POSTs one file to /api/v1/data/upload the way a browser form does. */
export async function uploadFile(h: Pick<THarness, "url" | "headers">, filename: string, content: string | Uint8Array, type = "text/csv") {
  const form = new FormData();
  form.append("file", new Blob([content], { type }), filename);
  return fetch(`${h.url}/api/v1/data/upload`, { method: "POST", body: form, headers: h.headers });
}

/** Every file under the local storage root (in-flight partial files included), relative and sorted. */
export async function storedFiles(h: Pick<THarness, "core">): Promise<string[]> {
  const root = h.core.config.storageLocalRoot;
  const entries = await fs.readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join("/"))
    .sort();
}

/** Polls `data.get` until the artifact's background profile has settled ("ready" or "failed"). */
export async function waitForProfile(h: Pick<THarness, "trpc">, id: string, timeoutMs = patience()) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const artifact = await h.trpc.data.get.query({ id });
    if (artifact.metadata.profileStatus !== "pending") return artifact;
    if (Date.now() > deadline) throw new Error(`timed out waiting for the profile of ${artifact.filename}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
