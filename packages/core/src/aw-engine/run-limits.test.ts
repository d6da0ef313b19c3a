import fs from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { useEngineTestContext } from "../../test/engine-test-kit.ts";
import { writeGzipBomb } from "../data/gzip-bomb.ts";
import { ZGlobalConfigSchema, ZStepSchema } from "../schemas/workflow.ts";
import { runWorkflow } from "./orchestrator.ts";
import { StepFailedError, type TEngineDeps, type TRunEvent } from "./run-types.ts";

const ctx = useEngineTestContext("aw-run-limits-test-");
const LIMITS = { decompressedMaxBytes: 16 * 2 ** 20, maxColumns: 2048 };

/** Stores the file `write` makes as the input of a load → export run, runs it with `deps`, and returns how it failed. */
async function failedRun(filename: string, write: (file: string) => Promise<void>, deps: Partial<TEngineDeps>) {
  const source = path.join(ctx.root, `source-${filename}`);
  await write(source);
  const storageKey = `uploads/${filename}`;
  await ctx.storage.putFile(storageKey, source);
  const events: TRunEvent[] = [];
  const err = await runWorkflow(
    { ...ctx.deps, ...deps },
    {
      runId: "run1",
      steps: [
        ZStepSchema.parse({ name: "Load", type: "loading", config: {} }),
        ZStepSchema.parse({ name: "Export", type: "export", config: { format: "csv" } }),
      ],
      globalConfig: ZGlobalConfigSchema.parse({}),
      input: { storageKey, filename },
      startAt: 0,
      previous: [],
      signal: new AbortController().signal,
      onEvent: (e) => void events.push(e),
    },
  ).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(StepFailedError);
  return err as StepFailedError;
}

describe("a run's loading step within the input limits", () => {
  it("fails on a gzip bomb with the upload profile's message, before DuckDB reads it", async () => {
    const err = await failedRun("bomb.csv.gz", (file) => writeGzipBomb(file, 64 * 2 ** 20), { inputLimits: LIMITS });
    expect(err.stepIndex).toBe(0);
    expect(err.reason).toBe('"bomb.csv.gz" decompresses to more than 16 MiB (limit 16 MiB, UPLOAD_MAX_DECOMPRESSED_BYTES)');
    expect(err.result).toMatchObject({
      name: "Load",
      status: "failed",
      metadata: { success: false, sourceUri: "bomb.csv.gz", numAttempts: 0 },
    });
  });

  it("fails on a CSV of 20,000 columns with the upload profile's message", async () => {
    const header = Array.from({ length: 20_000 }, (_, i) => `"col,${i}"`).join(",");
    const err = await failedRun("wide.csv", (file) => fs.writeFile(file, `${header}\n${"1,".repeat(19_999)}1\n`), { inputLimits: LIMITS });
    expect(err.reason).toBe('"wide.csv" has 20,000 columns; the limit is 2,048 (TABLE_MAX_COLUMNS)');
  });
});

describe("a run's workspace within the spill limit", () => {
  it("stops the run when its workspace spills past DUCKDB_SPILL_LIMIT, and says so", async () => {
    const rows = Array.from({ length: 1_500_000 }, (_, i) => `${i},name ${i % 97},${i * 0.5}`).join("\n"); // ~40 MB: spills beyond 48 MB of memory
    const err = await failedRun("big.csv", (file) => fs.writeFile(file, `id,name,value\n${rows}\n`), {
      memoryLimit: "48MB",
      spillLimit: "1MiB",
    });
    expect(err.reason).toMatch(/ran out of spill space \(limit 1 MiB of disk per workspace, DUCKDB_SPILL_LIMIT\)/);
  });
});
