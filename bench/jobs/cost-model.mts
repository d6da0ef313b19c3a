// Where a tiny job's CPU goes inside the engine: each part of the load → export CSV run of a 3-row
// CSV, measured alone in this process (CPU of all its threads, median of 3 rounds), beside the
// whole engine run. The job's remaining cost (HTTP/tRPC, database writes, events) is what
// `bench/jobs/run.mjs` measures minus the engine run here.
//
//   cd packages/core && npx tsx ../../bench/jobs/cost-model.mts [--ops 100]
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { runWorkflow } from "../../packages/core/src/aw-engine/orchestrator.ts";
import { closeIdleWorkspaces, literal, withWorkspace, Workspace } from "../../packages/core/src/aw-engine/workspace.ts";
import { ZStepSchema } from "../../packages/core/src/schemas/index.ts";
import { createLocalStorage } from "../../packages/core/src/storage/local-storage.ts";

const { values: args } = parseArgs({ options: { ops: { type: "string", default: "100" } } });
const OPS = Number(args.ops);
const CSV = "id,name,x,y\n1,alpha,0.5,1.5\n2,beta,1.5,2.5\n3,gamma,2.5,3.5\n";
const MEMORY_LIMIT = "1GB";

const dir = await fs.mkdtemp(path.join(os.tmpdir(), "aw-bench-cost-"));
const storage = createLocalStorage(path.join(dir, "storage"));
await storage.putFile("uploads/points.csv", await writeFile("points.csv", CSV), { contentType: "text/csv" });

async function writeFile(name: string, text: string) {
  const file = path.join(dir, name);
  await fs.writeFile(file, text);
  return file;
}

const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/** CPU ms per call of `fn` (all threads of this process), median of 3 rounds of OPS calls after a warm-up. */
async function perCall(fn: (i: number) => Promise<unknown>, ops = OPS): Promise<number> {
  for (let i = 0; i < 5; i++) await fn(i);
  const rounds: number[] = [];
  for (let r = 0; r < 3; r++) {
    const before = cpuMs();
    for (let i = 0; i < ops; i++) await fn(i);
    rounds.push((cpuMs() - before) / ops);
  }
  return rounds.sort((a, b) => a - b)[1]!;
}

const steps = [
  { type: "loading", name: "Load", config: { format: "csv" } },
  { type: "export", name: "Export", config: { format: "csv" } },
].map((s) => ZStepSchema.parse(s));
let run = 0;
const runSteps = (count: number) =>
  runWorkflow(
    { storage, memoryLimit: MEMORY_LIMIT, defaultMaxRetries: 0 },
    {
      runId: `cost-${++run}`,
      steps: steps.slice(0, count),
      globalConfig: { approvalTimeoutAction: "reject", llm: { enabled: false } },
      input: { storageKey: "uploads/points.csv", filename: "points.csv", sizeBytes: CSV.length },
      startAt: 0,
      previous: [],
      signal: new AbortController().signal,
      onEvent: () => {},
    },
  );

const options = { memoryLimit: MEMORY_LIMIT, threads: 1 };
const rows: [string, number][] = [];
rows.push([
  "DuckDB instance started and closed (cold workspace)",
  await perCall(() => closeIdleWorkspaces().then(() => withWorkspace(options, async () => {})), 20),
]);
rows.push(["workspace opened and closed on a warm instance", await perCall(() => withWorkspace(options, async () => {}))]);
const ws = await Workspace.open(options);
rows.push(["a trivial query (SELECT 42) on a workspace: the floor of every engine query", await perCall(() => ws.rows("SELECT 42 AS n"))]);
const input = await ws.adopt(path.join(dir, "points.csv"));
rows.push([
  "read_csv of the 3 rows into a table (hand-written load)",
  await perCall(() => ws.run(`CREATE OR REPLACE TABLE t AS SELECT * FROM read_csv(${literal(input)})`)),
]);
rows.push([
  "table → Parquet (checkpoint write, DuckDB only)",
  await perCall((i) => ws.run(`COPY t TO ${literal(ws.file(`c${i % 4}.parquet`))} (FORMAT parquet, COMPRESSION zstd)`)),
]);
rows.push([
  "table → CSV (export, DuckDB only)",
  await perCall((i) => ws.run(`COPY t TO ${literal(ws.file(`e${i % 4}.csv`))} (FORMAT csv, HEADER)`)),
]);
rows.push(["DESCRIBE of the table (column names and types)", await perCall(() => ws.rows("DESCRIBE t"))]);
const small = ws.file("c0.parquet");
rows.push([
  "storage.putFile of a small file (checkpoint or result stored)",
  await perCall((i) => storage.putFile(`cost/${i % 4}.parquet`, small, { contentType: "application/vnd.apache.parquet" })),
]);
await ws.close();
rows.push(["engine: load step only (runWorkflow)", await perCall(() => runSteps(1))]);
rows.push(["engine: load → export CSV (runWorkflow, what a tiny job runs)", await perCall(() => runSteps(2))]);

console.log(
  `tiny-job engine cost model: CPU ms per call, all threads of this process, median of 3 × ${OPS} calls; ${os.cpus().length} CPUs, load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")}`,
);
for (const [name, ms] of rows) console.log(`  ${ms.toFixed(2).padStart(7)} ms  ${name}`);
await closeIdleWorkspaces();
await fs.rm(dir, { recursive: true, force: true });
