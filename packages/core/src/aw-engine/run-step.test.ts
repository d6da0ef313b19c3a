import fs from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { FIXTURES, useEngineTestContext } from "../../test/engine-test-kit.ts";
import { ZGlobalConfigSchema, ZStepSchema } from "../schemas/workflow.ts";
import { runWorkflow } from "./orchestrator.ts";
import { type TAttempt, type TRunEvent, type TRunRequest } from "./run-types.ts";

const ctx = useEngineTestContext("aw-run-step-test-");

/** A one-step loading workflow with no retries configured anywhere (step, workflow, server). */
async function load(filename: string, content: string | Buffer, events: TRunEvent[] = []) {
  const key = `uploads/${filename}`;
  await ctx.storage.put(key, Readable.from([typeof content === "string" ? Buffer.from(content) : content]));
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
  return runWorkflow(ctx.deps, request);
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
