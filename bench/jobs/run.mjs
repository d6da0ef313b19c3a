// Jobs bench: throughput of tiny workflows on the local driver (jobs run in the API process) and on
// BullMQ (API process + 2 worker processes), and the latency from the engine reporting progress in
// whichever process runs the job to a subscribed SSE client receiving it.
//
//   node bench/jobs/run.mjs [--jobs 200] [--latency-jobs 30] [--concurrency 4] [--only local|bullmq] [--cpu-prof DIR]
//
// --cpu-prof writes a V8 CPU profile of each server and worker process to DIR (open it in Chrome DevTools).
//
// Needs Redis at REDIS_URL (default redis://127.0.0.1:6379) and PostgreSQL at PG_ADMIN_URL (default
// postgres://postgres@127.0.0.1:5432/postgres) for the BullMQ run; the local run needs neither.
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const SERVER = path.join(ROOT, "apps/server");
const fromServer = createRequire(path.join(SERVER, "package.json"));
const fromCore = createRequire(path.join(ROOT, "packages/core/package.json"));
const load = async (require, name) => import(pathToFileURL(require.resolve(name)).href);
const { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink } = await load(fromServer, "@trpc/client");
const { EventSource } = await load(fromServer, "eventsource");
const superjson = (await load(fromServer, "superjson")).default;
const pg = (await load(fromCore, "pg")).default;
const { Redis } = await load(fromCore, "ioredis");

const { values: args } = parseArgs({
  options: {
    jobs: { type: "string", default: "200" },
    "latency-jobs": { type: "string", default: "30" },
    concurrency: { type: "string", default: "4" },
    only: { type: "string" },
    "cpu-prof": { type: "string" },
  },
});
const JOBS = Number(args.jobs);
const LATENCY_JOBS = Number(args["latency-jobs"]);
const CONCURRENCY = args.concurrency;
const REDIS_URL = process.env.REDIS_URL || "redis://127.0.0.1:6379";
const PG_ADMIN_URL = process.env.PG_ADMIN_URL || "postgres://postgres@127.0.0.1:5432/postgres";

const CSV = "id,name,x,y\n1,alpha,0.5,1.5\n2,beta,1.5,2.5\n3,gamma,2.5,3.5\n";
const TINY = [
  { type: "loading", name: "Load", config: { format: "csv" } },
  { type: "export", name: "Export", config: { format: "csv" } },
];
// More steps, so each job reports progress several times.
const STEPPED = [
  TINY[0],
  { type: "profiling", name: "Profile", config: {} },
  {
    type: "validation",
    name: "Has rows",
    config: { spec: { kind: "info_dict", rules: [{ metric: "row_count", operator: "gt", value: 0 }] } },
  },
  TINY[1],
];

const freePort = () =>
  new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

/** Starts `script` under tsx and resolves once it printed its ready line. */
async function startProcess(script, env, ready) {
  const profile = args["cpu-prof"] ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(args["cpu-prof"])}`] : [];
  const child = spawn(process.execPath, [...profile, "--import", "tsx", script], {
    cwd: SERVER,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines = readline.createInterface({ input: child.stdout });
  await new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`${script} exited with ${code}`)));
    lines.on("line", (line) => ready.test(line) && resolve());
  });
  return child;
}

/** CPU seconds (user + system, all threads) a process has used so far, from /proc. */
function cpuSeconds(pid) {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function scenario({ name, driver, workers }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aw-bench-jobs-"));
  const prefix = `awbench-${crypto.randomBytes(3).toString("hex")}`;
  let dbName;
  let databaseUrl = `file:${path.join(dir, "aw.db")}`;
  if (driver === "bullmq") {
    dbName = `aw_bench_${crypto.randomBytes(4).toString("hex")}`;
    const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${dbName}"`);
    await admin.end();
    const url = new URL(PG_ADMIN_URL);
    url.pathname = `/${dbName}`;
    databaseUrl = url.toString();
  }
  const port = await freePort();
  const env = {
    NODE_ENV: "production",
    LOG_LEVEL: "warn",
    HOST: "127.0.0.1",
    PORT: String(port),
    AW_DATA_DIR: path.join(dir, "data"),
    AW_WEB_DIST: path.join(dir, "no-web"),
    STORAGE_LOCAL_ROOT: path.join(dir, "storage"),
    DATABASE_URL: databaseUrl,
    QUEUE_DRIVER: driver,
    REDIS_URL,
    QUEUE_PREFIX: prefix,
    JOB_CONCURRENCY: driver === "bullmq" ? String(Math.max(1, Number(CONCURRENCY) / workers)) : CONCURRENCY,
    RETENTION_DAYS: "0",
  };
  const processes = [await startProcess("src/main.ts", env, /listening on/)];
  const url = `http://127.0.0.1:${port}`;
  try {
    for (let i = 0; i < workers; i++) processes.push(await startProcess("src/worker.ts", env, /AW worker running jobs/));
    const trpc = createTRPCClient({
      links: [
        splitLink({
          condition: (op) => op.type === "subscription",
          true: httpSubscriptionLink({ url: `${url}/trpc`, transformer: superjson, EventSource }),
          false: httpBatchLink({ url: `${url}/trpc`, transformer: superjson, maxItems: 50 }),
        }),
      ],
    });
    const form = new FormData();
    form.append("file", new Blob([CSV], { type: "text/csv" }), "points.csv");
    const input = await (await fetch(`${url}/api/v1/data/upload`, { method: "POST", body: form })).json();
    const tiny = await trpc.workflows.create.mutate({ name: "bench tiny", steps: TINY });

    const completed = async () => (await trpc.jobs.list.query({ status: "completed", pageSize: 1 })).total;
    async function runBatch(count) {
      const before = await completed();
      const cpuBefore = processes.map((p) => cpuSeconds(p.pid));
      const started = performance.now();
      await Promise.all(Array.from({ length: count }, () => trpc.jobs.create.mutate({ workflowId: tiny.id, inputDataId: input.id })));
      const queuedAt = performance.now();
      while ((await completed()) - before < count) {
        const failed = (await trpc.jobs.list.query({ status: "failed", pageSize: 1 })).total;
        if (failed > 0) throw new Error(`${failed} bench job(s) failed`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const seconds = (performance.now() - started) / 1000;
      const perProcess = processes.map((p, i) => ((cpuSeconds(p.pid) - cpuBefore[i]) * 1000) / count);
      const cpuMsPerJob = perProcess.reduce((a, b) => a + b, 0);
      return { seconds, enqueueSeconds: (queuedAt - started) / 1000, perSecond: count / seconds, cpuMsPerJob, perProcess };
    }
    /** CPU ms per call of `call`, `count` calls at once as the jobs are created. */
    async function baselineBatch(count, call) {
      const cpuBefore = processes.map((p) => cpuSeconds(p.pid));
      await Promise.all(Array.from({ length: count }, call));
      return processes.reduce((sum, p, i) => sum + ((cpuSeconds(p.pid) - cpuBefore[i]) * 1000) / count, 0);
    }
    // A tRPC call with one database query, and creating a job without running it (the run is the rest).
    const health = () => trpc.health.check.query();
    const createOnly = () => trpc.jobs.create.mutate({ workflowId: tiny.id, inputDataId: input.id, start: false });
    await runBatch(10); // warm-up: module loading, DuckDB, connection pools
    await baselineBatch(10, health);
    await baselineBatch(10, createOnly);
    // Median of 3 batches, each beside its baselines.
    const runs = [];
    for (let i = 0; i < 3; i++)
      runs.push({ ...(await runBatch(JOBS)), health: await baselineBatch(JOBS, health), create: await baselineBatch(JOBS, createOnly) });
    const median = (pick) => runs.map(pick).sort((a, b) => a - b)[1];
    const byCpu = [...runs].sort((a, b) => a.cpuMsPerJob - b.cpuMsPerJob);
    const throughput = {
      ...byCpu[1],
      perSecond: median((r) => r.perSecond),
      runs,
      healthMs: median((r) => r.health),
      createMs: median((r) => r.create),
    };

    // Latency: a few jobs in flight at a time, each watched from before it starts.
    const stepped = await trpc.workflows.create.mutate({ name: "bench stepped", steps: STEPPED });
    const samples = [];
    const watchOne = async () => {
      const job = await trpc.jobs.create.mutate({ workflowId: stepped.id, inputDataId: input.id, start: false });
      await new Promise((resolve, reject) => {
        let subscribed = false;
        const sub = trpc.jobs.onJob.subscribe(
          { id: job.id },
          {
            onData: ({ data }) => {
              if (!subscribed) {
                subscribed = true;
                trpc.jobs.execute.mutate({ id: job.id }).catch(reject);
                return;
              }
              if (data.status === "running" && data.progress > 0) samples.push(Date.now() - Date.parse(data.updatedAt));
            },
            onError: reject,
            onComplete: () => {
              sub.unsubscribe();
              resolve();
            },
          },
        );
      });
    };
    for (let i = 0; i < LATENCY_JOBS; i += 2) await Promise.all([watchOne(), watchOne()]);
    samples.sort((a, b) => a - b);
    return {
      name,
      throughput,
      latency: { samples: samples.length, p50: percentile(samples, 50), p99: percentile(samples, 99), max: samples.at(-1) },
    };
  } finally {
    for (const p of processes.reverse()) {
      p.kill("SIGTERM");
      if (p.exitCode === null) await new Promise((r) => p.once("exit", r));
    }
    if (dbName) {
      const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
      await admin.end();
    }
    if (driver === "bullmq") {
      const redis = new Redis(REDIS_URL);
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length) await redis.del(...keys);
      await redis.quit();
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const targets = { local: 200, bullmq: 500 };
const scenarios = [
  { name: `local driver, concurrency ${CONCURRENCY}, SQLite`, driver: "local", workers: 0 },
  {
    name: `bullmq driver, 2 worker processes × concurrency ${Math.max(1, Number(CONCURRENCY) / 2)}, PostgreSQL`,
    driver: "bullmq",
    workers: 2,
  },
].filter((s) => !args.only || s.driver === args.only);

console.log(
  `jobs bench: 3 × ${JOBS} tiny jobs (load 3-row CSV + export CSV) per driver; ${os.cpus().length} CPUs; load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")}`,
);
for (const s of scenarios) {
  const r = await scenario(s);
  const t = r.throughput;
  console.log(`\n${r.name}`);
  console.log(
    `  throughput (median of 3 batches): ${t.perSecond.toFixed(1)} jobs/s — target ≥ ${targets[s.driver]} jobs/s: ${t.perSecond >= targets[s.driver] ? "met" : "MISSED"}`,
  );
  const split =
    t.perProcess.length > 1
      ? ` (API ${t.perProcess[0].toFixed(0)} ms, workers ${t.perProcess
          .slice(1)
          .map((ms) => ms.toFixed(0))
          .join(" + ")} ms)`
      : "";
  console.log(
    `  CPU per job, all our processes (median of 3 batches): ${t.cpuMsPerJob.toFixed(1)} ms${split} → ceiling on ${os.cpus().length} idle cores ≈ ${((os.cpus().length * 1000) / t.cpuMsPerJob).toFixed(0)} jobs/s — target ≤ 20 ms: ${t.cpuMsPerJob <= 20 ? "met" : "MISSED"}`,
  );
  console.log(`    batches: ${t.runs.map((b) => `${b.cpuMsPerJob.toFixed(1)} ms, ${b.perSecond.toFixed(1)} jobs/s`).join("; ")}`);
  console.log(
    `  baselines in the same run (CPU per call): health.check (one tRPC call, one database query, a storage check) ${t.healthMs.toFixed(2)} ms; creating a job without running it ${t.createMs.toFixed(2)} ms → running it costs ${(t.cpuMsPerJob - t.createMs).toFixed(1)} ms (engine share: bench/jobs/cost-model.mts)`,
  );
  console.log(
    `  progress → SSE client latency: p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, max ${r.latency.max} ms over ${r.latency.samples} events — target p99 < 100 ms: ${r.latency.p99 < 100 ? "met" : "MISSED"}`,
  );
}
console.log(
  `\nload average after: ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")}`,
);
