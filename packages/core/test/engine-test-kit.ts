// Shared setup for engine tests: the checked-in fixtures and a fresh local storage per test.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach } from "vitest";
import type { TEngineDeps } from "../src/aw-engine/run-types.ts";
import { createLocalStorage } from "../src/storage/local-storage.ts";
import type { TStorage } from "../src/storage/types.ts";

export const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "fixtures");

export type TEngineTestContext = { root: string; storage: TStorage; deps: TEngineDeps };

/** Registers per-test hooks; the returned object holds the current test's storage root, storage and deps. */
export function useEngineTestContext(prefix: string): TEngineTestContext {
  const ctx = {} as TEngineTestContext;
  beforeEach(async () => {
    ctx.root = await fs.mkdtemp(path.join(os.tmpdir(), prefix));
    ctx.storage = createLocalStorage(ctx.root);
    ctx.deps = { storage: ctx.storage, memoryLimit: "256MB", threads: 1, defaultMaxRetries: 0 };
  });
  afterEach(async () => {
    await fs.rm(ctx.root, { recursive: true, force: true });
  });
  return ctx;
}
