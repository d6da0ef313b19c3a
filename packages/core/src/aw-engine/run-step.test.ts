import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ZGlobalConfigSchema, ZStepSchema } from "../schemas/workflow.ts";
import { createLocalStorage } from "../storage/local-storage.ts";
import type { TStorage } from "../storage/types.ts";
import { runWorkflow } from "./orchestrator.ts";
import { type TAttempt, type TEngineDeps, type TRunEvent, type TRunRequest } from "./run-types.ts";

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../test/fixtures");

let root: string;
let storage: TStorage;
let deps: TEngineDeps;
beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), "aw-run-step-test-"));
  storage = createLocalStorage(root);
  deps = { storage, memoryLimit: "256MB", threads: 1, defaultMaxRetries: 0 };
});
afterEach(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

/** A one-step loading workflow with no retries configured anywhere (step, workflow, server). */
async function load(filename: string, content: string | Buffer, events: TRunEvent[] = []) {
  const key = `uploads/${filename}`;
  await storage.put(key, Readable.from([typeof content === "string" ? Buffer.from(content) : content]));
  const request: TRunRequest = {
    runId: "run1",
    steps: [ZStepSchema.parse({ name: "Load", type: "loading", config: {}, maxRetries: 0 })],
    globalConfig: ZGlobalConfigSchema.parse({ maxRetries: 0 }),
    input: { storageKey: key, filename },
    startAt: 0,
    previous: [],
    signal: new AbortController().signal,
    onEvent: (e) => {
      events.push(e);
    },
  };
  return runWorkflow(deps, request);
}

const loadingMetadata = (events: TRunEvent[]) => events.flatMap((e) => (e.type === "step" ? [e.result.metadata] : []))[0];

describe("loading step", () => {
  it("still lets the loading agent fix a ragged CSV when no retries are configured, recording its attempts", async () => {
    const events: TRunEvent[] = [];
    const outcome = await load("ragged.csv", await fs.readFile(path.join(FIXTURES, "ragged.csv")), events);
    expect(outcome.status).toBe("completed");
    const metadata = loadingMetadata(events);
    const attempts = metadata?.attempts as TAttempt[];
    expect(metadata?.numAttempts).toBe(2);
    expect(attempts.map((a) => a.success)).toEqual([false, true]);
    expect(attempts[0]?.error).toMatch(/rows were dropped/);
    expect(metadata?.tableInfo).toMatchObject({ rowCount: 6 });
  });
});
