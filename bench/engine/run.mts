// Engine benchmark: profiling a ~1M-row mixed-type CSV against raw DuckDB SUMMARIZE and pandas, then
// the full workflow (load → profile → prepare cosmo-ready → validate → export Parquet) beside the same
// work written by hand in DuckDB, on the CSV and on a generated Parquet file (3M rows by default).
// Run: `cd packages/core && npx tsx ../../bench/engine/run.mts [--rows 1000000] [--parquet-rows 3000000] [--repeat 3] [--no-pandas] [--keep]`.
// Every contender runs `--repeat` times (3 by default) and medians are printed (the machine may be shared).
// `--rows 10000000 --parquet-rows 0 --repeat 1 --no-pandas` (~1.2 GB CSV) checks the "< 1 GB peak memory" target.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import fsp from "node:fs/promises";
import { once } from "node:events";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { profileFile, runWorkflow, withWorkspace, literal } from "../../packages/core/src/aw-engine/index.ts";
import { ident } from "../../packages/core/src/aw-engine/workspace.ts";
import type { TCosmoMapping } from "../../packages/core/src/schemas/cosmo.ts";
import { duckdbMemoryLimit } from "../../packages/core/src/aw-engine/workspace.ts";
import { createLocalStorage } from "../../packages/core/src/storage/local-storage.ts";
import type { TStepInput } from "../../packages/core/src/schemas/index.ts";
import { ZStepSchema } from "../../packages/core/src/schemas/index.ts";

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const ROWS = Number(arg("rows", "1000000"));
const MEMORY_LIMIT = arg("memory", "1GB");
const REPEAT = Math.max(1, Number(arg("repeat", "3")));
const PARQUET_ROWS = Number(arg("parquet-rows", "3000000"));
const OUT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../.out");

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const peakRss = () => process.resourceUsage().maxRSS * 1024;

/** Wall time and this process's CPU time (every DuckDB thread included: a figure a busy machine disturbs less). */
async function time<T>(fn: () => Promise<T>): Promise<{ ms: number; cpuMs: number; value: T }> {
  const start = performance.now();
  const cpu = process.cpuUsage();
  const value = await fn();
  const used = process.cpuUsage(cpu);
  return { ms: performance.now() - start, cpuMs: (used.user + used.system) / 1000, value };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** Runs `fn` REPEAT times; returns the run with the median `ms` and every run's time. */
async function repeated<T extends { ms: number }>(fn: () => Promise<T> | T): Promise<T & { runs: number[] }> {
  const results: T[] = [];
  for (let i = 0; i < REPEAT; i++) results.push(await fn());
  const runs = results.map((r) => r.ms);
  const mid = median(runs);
  const closest = results.reduce((a, b) => (Math.abs(b.ms - mid) < Math.abs(a.ms - mid) ? b : a));
  return { ...closest, ms: mid, runs };
}

const runsNote = (runs: number[]) => (runs.length > 1 ? `  (median of ${runs.map((ms) => seconds(ms)).join(", ")})` : "");

/** Deterministic mixed-type rows: ints, floats, strings, categories, dates, timestamps, nulls, lat/lon. */
async function generateCsv(file: string, rows: number): Promise<void> {
  const out = fs.createWriteStream(file);
  let seed = 42;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  const categories = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa"];
  const cities = ["Paris", "Berlin", "Madrid", "Rome", "Lisbon", "Oslo", "Vienna", "Prague", "Dublin", "Athens", "Warsaw", "Helsinki"];
  const words = ["quick", "brown", "fox", "jumps", "over", "lazy", "dog", "data", "prep", "graph", "point", "link"];
  out.write("id,user,category,city,amount,score,quantity,active,signup_date,last_seen,latitude,longitude,comment\n");
  const day0 = Date.UTC(2020, 0, 1);
  let chunk = "";
  for (let i = 1; i <= rows; i++) {
    const nullish = rand() < 0.05;
    const date = new Date(day0 + Math.floor(rand() * 1500) * 86_400_000).toISOString().slice(0, 10);
    const seen = new Date(day0 + Math.floor(rand() * 1500 * 86_400)).toISOString().slice(0, 19).replace("T", " ");
    const comment =
      rand() < 0.1
        ? ""
        : `"${words[Math.floor(rand() * 12)]} ${words[Math.floor(rand() * 12)]}, ${words[Math.floor(rand() * 12)]} ${Math.floor(rand() * 1000)}"`;
    chunk += `${i},user_${Math.floor(rand() * 200_000)},${categories[Math.floor(rand() * 10)]},${cities[Math.floor(rand() * 12)]},${(rand() * 10_000).toFixed(2)},${nullish ? "" : (rand() * 100).toFixed(4)},${Math.floor(rand() * 500)},${rand() < 0.5},${date},${seen},${(35 + rand() * 30).toFixed(5)},${(-10 + rand() * 40).toFixed(5)},${comment}\n`;
    if (i % 10_000 === 0) {
      if (!out.write(chunk)) await once(out, "drain");
      chunk = "";
    }
  }
  out.end(chunk);
  await once(out, "finish");
}

/** Our path: the loading agent (auto inference) and a full profile, in a fresh workspace. */
async function benchProfile(file: string) {
  const { ms, value } = await time(() => profileFile({ path: file, filename: path.basename(file), memoryLimit: MEMORY_LIMIT, full: true }));
  return { ms, rows: value.quick.rowCount, columns: value.quick.columnCount, attempts: value.load.numAttempts, rss: peakRss() };
}

/** The practical limit: DuckDB loading the file and SUMMARIZE-ing it, nothing else. */
async function benchSummarize(file: string) {
  return withWorkspace({ memoryLimit: MEMORY_LIMIT }, async (ws) => {
    const readable = await ws.adopt(file);
    const load = await time(() => ws.run(`CREATE TABLE t AS SELECT * FROM read_csv(${literal(readable)})`));
    const summarize = await time(() => ws.rows("SUMMARIZE t"));
    return { loadMs: load.ms, summarizeMs: summarize.ms, ms: load.ms + summarize.ms };
  });
}

/** A Python with pandas: Debian's python3-pandas lives under /usr/bin/python3, which a pyenv shim on PATH can hide. */
const findPandas = () =>
  ["python3", "/usr/bin/python3"].find((bin) => spawnSync(bin, ["-c", "import pandas"], { stdio: "ignore" }).status === 0);

function benchPandas(python: string, file: string): { ms: number; rss: number } {
  const script = `
import resource, sys, time
import pandas as pd
t = time.perf_counter()
df = pd.read_csv(sys.argv[1])
df.describe(include='all')
print((time.perf_counter() - t) * 1000, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)
`;
  const [ms = "0", rss = "0"] = execFileSync(python, ["-c", script, file], { encoding: "utf8" }).trim().split(/\s+/);
  return { ms: Number(ms), rss: Number(rss) };
}

/** A Parquet file of `rows` rows with the CSV's columns, generated by DuckDB (hash-derived values, deterministic). */
async function generateParquet(file: string, rows: number): Promise<void> {
  const h = (salt: number) => `(hash(i * 7919 + ${salt}) % 1000000)::DOUBLE / 1000000`;
  // A workspace writes only in its own folder: the file is made there, then copied out.
  await withWorkspace({ memoryLimit: MEMORY_LIMIT }, async (ws) => {
    await ws.run(`COPY (
      SELECT i + 1 AS id, 'user_' || (hash(i) % 200000) AS "user",
        ['alpha','beta','gamma','delta','epsilon','zeta','eta','theta','iota','kappa'][1 + (hash(i + 1) % 10)::BIGINT] AS category,
        ['Paris','Berlin','Madrid','Rome','Lisbon','Oslo','Vienna','Prague','Dublin','Athens','Warsaw','Helsinki'][1 + (hash(i + 2) % 12)::BIGINT] AS city,
        round(${h(3)} * 10000, 2) AS amount, CASE WHEN ${h(4)} < 0.05 THEN NULL ELSE round(${h(5)} * 100, 4) END AS score,
        (hash(i + 6) % 500)::INTEGER AS quantity, ${h(7)} < 0.5 AS active,
        DATE '2020-01-01' + (hash(i + 8) % 1500)::INTEGER AS signup_date,
        TIMESTAMP '2020-01-01' + to_seconds((hash(i + 9) % 129600000)::BIGINT) AS last_seen,
        round(35 + ${h(10)} * 30, 5) AS latitude, round(-10 + ${h(11)} * 40, 5) AS longitude,
        CASE WHEN ${h(12)} < 0.1 THEN NULL ELSE 'comment ' || (hash(i + 13) % 100000) END AS comment
      FROM range(${rows}) t(i)) TO ${literal(ws.file("generated.parquet"))} (FORMAT parquet, COMPRESSION zstd)`);
    await fsp.copyFile(ws.file("generated.parquet"), file);
  });
}

const STEPS: TStepInput[] = [
  { name: "load", type: "loading", config: {} },
  { name: "profile", type: "profiling", config: {} },
  { name: "prepare", type: "preparing", config: { target: "cosmo-ready" } },
  { name: "validate", type: "validation", config: { spec: { kind: "functional", check: "cosmo-ready" } } },
  { name: "export", type: "export", config: { format: "parquet" } },
];

type TStepTiming = { ms: number; checkpointMs: number; rss: number };

/**
 * The whole workflow through the orchestrator: load → profile → prepare (cosmo-ready) → validate
 * (cosmo-ready functional check) → export Parquet, with local storage in the output folder. Each
 * step's time is split into its work and its checkpoint.
 */
async function benchPipeline(file: string) {
  const storage = createLocalStorage(path.join(OUT, "storage"));
  const key = `inputs/${path.basename(file)}`;
  if (!(await storage.stat(key))) await storage.putFile(key, file);
  const steps: Record<string, TStepTiming> = {};
  let mapping: TCosmoMapping | undefined;
  let last = performance.now();
  const { ms, cpuMs, value } = await time(() =>
    runWorkflow(
      { storage, memoryLimit: MEMORY_LIMIT, defaultMaxRetries: 2 },
      {
        runId: `bench-${Date.now()}-${Math.random().toString(36).slice(2)}`,
        steps: STEPS.map((s) => ZStepSchema.parse(s)),
        globalConfig: { approvalTimeoutAction: "reject", llm: { enabled: false } },
        input: { storageKey: key, filename: path.basename(file), sizeBytes: fs.statSync(file).size },
        startAt: 0,
        previous: [],
        signal: new AbortController().signal,
        onEvent: (event) => {
          if (event.type !== "step") return;
          const now = performance.now();
          steps[event.result.name] = { ms: now - last, checkpointMs: event.result.checkpointMs ?? 0, rss: peakRss() };
          mapping ??= event.result.metadata.mapping as TCosmoMapping | undefined;
          last = now;
        },
      },
    ),
  );
  const rows = value.status === "completed" ? value.table?.rowCount : undefined;
  return { ms, cpuMs, status: value.status, steps, mapping, rows };
}

/**
 * The same work written by hand in DuckDB: read the file, keep the rows with finite positions,
 * select the mapped columns, write Parquet — one statement, no checks, no ledger, no checkpoints.
 */
async function benchHandWritten(file: string, mapping: TCosmoMapping, every = false) {
  const { pointsXBy: x, pointsYBy: y } = mapping;
  if (!x || !y) throw new Error("the workflow chose no point positions");
  const mapped = [...new Set(Object.values(mapping).filter((v): v is string => typeof v === "string"))];
  const select = every ? "*" : mapped.map(ident).join(", ");
  return withWorkspace({ memoryLimit: MEMORY_LIMIT }, async (ws) => {
    const source = await ws.adopt(file);
    const read = file.endsWith(".parquet") ? `read_parquet(${literal(source)})` : `read_csv(${literal(source)})`;
    const finite = (c: string) => `isfinite(TRY_CAST(${ident(c)} AS DOUBLE))`;
    return time(() =>
      ws.run(
        `COPY (SELECT ${select} FROM ${read} WHERE ${finite(x)} AND ${finite(y)}) TO ${literal(ws.file("out.parquet"))} (FORMAT parquet, COMPRESSION zstd)`,
      ),
    );
  });
}

/**
 * What a checkpoint costs with each Parquet compression: the loaded 1M-row table written REPEAT
 * times each (the workflow writes zstd).
 */
async function benchCheckpoints(file: string) {
  await withWorkspace({ memoryLimit: MEMORY_LIMIT }, async (ws) => {
    await ws.run(`CREATE TABLE t AS SELECT * FROM read_csv(${literal(await ws.adopt(file))})`);
    console.log("\n(e) checkpoint of the loaded table as Parquet, by compression");
    for (const compression of ["zstd", "snappy", "lz4", "uncompressed"]) {
      const out = ws.file(`t-${compression}.parquet`);
      const runs = [];
      for (let i = 0; i < REPEAT; i++)
        runs.push((await time(() => ws.run(`COPY t TO ${literal(out)} (FORMAT parquet, COMPRESSION ${compression})`))).ms);
      console.log(`    ${compression.padEnd(12)} ${seconds(median(runs))}, ${mb(fs.statSync(out).size)}${runsNote(runs)}`);
    }
  });
}

/** The workflow REPEAT times and the hand-written baseline REPEAT times, on one file, printed side by side. */
async function compareWorkflow(label: string, file: string) {
  const pipelines = [];
  for (let i = 0; i < REPEAT; i++) pipelines.push(await benchPipeline(file));
  const mapping = pipelines[0]?.mapping;
  if (!mapping) throw new Error(`${label}: the workflow left no mapping (${pipelines[0]?.status})`);
  const baselines = [];
  for (let i = 0; i < REPEAT; i++) baselines.push(await benchHandWritten(file, mapping));
  // The workflow's result keeps every column: the same statement reading and writing them all shows what that costs.
  const everyColumn = [];
  for (let i = 0; i < REPEAT; i++) everyColumn.push(await benchHandWritten(file, mapping, true));
  const baseline = { ms: median(baselines.map((b) => b.ms)), runs: baselines.map((b) => b.ms) };
  const total = median(pipelines.map((p) => p.ms));
  const statuses = [...new Set(pipelines.map((p) => p.status))].join(", ");
  console.log(
    `\n(d) ${label}: workflow load → profile → prepare (cosmo-ready) → validate → export parquet: ${seconds(total)} [${statuses}, ${pipelines[0]?.rows?.toLocaleString("en")} rows out]${runsNote(pipelines.map((p) => p.ms))}`,
  );
  for (const name of STEPS.map((s) => s.name)) {
    const of = (pick: (t: TStepTiming) => number) => median(pipelines.map((p) => (p.steps[name] ? pick(p.steps[name]) : 0)));
    const rss = Math.max(...pipelines.map((p) => p.steps[name]?.rss ?? 0));
    console.log(
      `    ${name.padEnd(9)} ${seconds(of((t) => t.ms))}  (work ${seconds(of((t) => t.ms - t.checkpointMs))}, checkpoint ${seconds(of((t) => t.checkpointMs))}), peak RSS so far ${mb(rss)}`,
    );
  }
  console.log(
    `    hand-written DuckDB (read, keep finite positions, select mapped columns, write Parquet): ${seconds(baseline.ms)}${runsNote(baseline.runs)}`,
  );
  const cpu = median(pipelines.map((p) => p.cpuMs));
  const baselineCpu = median(baselines.map((b) => b.cpuMs));
  const every = { ms: median(everyColumn.map((b) => b.ms)), cpuMs: median(everyColumn.map((b) => b.cpuMs)) };
  console.log(
    `    the same statement keeping every column, as the workflow does: ${seconds(every.ms)}${runsNote(everyColumn.map((b) => b.ms))}`,
  );
  console.log(
    `    ratio workflow / hand-written: ${(total / baseline.ms).toFixed(2)}× wall time (target ≤ 1.5×); ${(total / every.ms).toFixed(2)}× the every-column statement`,
  );
  console.log(
    `    CPU time: workflow ${seconds(cpu)}, hand-written ${seconds(baselineCpu)} → ${(cpu / baselineCpu).toFixed(2)}×; every column ${seconds(every.cpuMs)} → ${(cpu / every.cpuMs).toFixed(2)}× (CPU time is less disturbed by other work on the machine)`,
  );
}

async function main() {
  await fsp.mkdir(OUT, { recursive: true });
  const file = path.join(OUT, `bench-${ROWS}.csv`);
  if (!fs.existsSync(file)) {
    const gen = await time(() => generateCsv(file, ROWS));
    console.log(`generated ${file} in ${seconds(gen.ms)}`);
  }
  const size = (await fsp.stat(file)).size;
  console.log(
    `input: ${ROWS.toLocaleString("en")} rows, ${mb(size)}; memory budget ${MEMORY_LIMIT} (DuckDB limit ${duckdbMemoryLimit(MEMORY_LIMIT)}); ${(await import("node:os")).cpus().length} cores\n`,
  );

  // Warm the page cache so the first contender does not pay for the cold read alone.
  await withWorkspace({ memoryLimit: MEMORY_LIMIT }, async (ws) =>
    ws.rows(`SELECT count(*) FROM read_csv(${literal(await ws.adopt(file))})`),
  );
  const ours = await repeated(() => benchProfile(file));
  console.log(
    `(a) profileFile (load with inference + full profile): ${seconds(ours.ms)}  [${ours.rows} rows × ${ours.columns} cols, ${ours.attempts} attempt(s)]  peak RSS ${mb(ours.rss)}${runsNote(ours.runs)}`,
  );
  const raw = await repeated(() => benchSummarize(file));
  console.log(
    `(b) DuckDB read_csv + SUMMARIZE:                    ${seconds(raw.ms)}  [load ${seconds(raw.loadMs)}, summarize ${seconds(raw.summarizeMs)}]${runsNote(raw.runs)}`,
  );
  const python = args.includes("--no-pandas") ? undefined : findPandas();
  const pandas = python ? await repeated(() => benchPandas(python, file)) : null;
  if (!pandas)
    console.log(
      `(c) ${args.includes("--no-pandas") ? "pandas skipped (--no-pandas)" : "pandas not installed — apt-get install python3-pandas"}`,
    );
  else
    console.log(
      `(c) pandas read_csv + describe(include='all'):       ${seconds(pandas.ms)}  peak RSS ${mb(pandas.rss)}${runsNote(pandas.runs)}`,
    );

  console.log(`\nratio ours / DuckDB SUMMARIZE: ${(ours.ms / raw.ms).toFixed(2)}× (target ≤ 1.5×)`);
  if (pandas) console.log(`speed-up over pandas:          ${(pandas.ms / ours.ms).toFixed(1)}× (target ≥ 2×)`);
  console.log(`peak RSS of this process:      ${mb(peakRss())} (target < 1 GB for a 1 GB CSV)`);

  await compareWorkflow(`${ROWS.toLocaleString("en")}-row CSV`, file);
  await benchCheckpoints(file);
  if (PARQUET_ROWS > 0) {
    const parquet = path.join(OUT, `bench-${PARQUET_ROWS}.parquet`);
    if (!fs.existsSync(parquet)) await generateParquet(parquet, PARQUET_ROWS);
    await compareWorkflow(`${PARQUET_ROWS.toLocaleString("en")}-row Parquet`, parquet);
  }
  console.log(`peak RSS after the workflows:  ${mb(peakRss())} (memory budget ${MEMORY_LIMIT})`);

  if (!args.includes("--keep")) await fsp.rm(OUT, { recursive: true, force: true });
}

await main();
