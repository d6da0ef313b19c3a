// The Docker image, natively (Docker cannot run on the machines this project is built on): copies this
// checkout's files to a temp folder, runs scripts/build-production.sh there (docker/Dockerfile's build
// stage), then runs the commands the Dockerfile and docker/compose.yaml name, read from those files:
// the server's CMD with the image's environment, its HEALTHCHECK and compose's readiness check, an upload
// and a whole job, SIGTERM → exit 0; with Redis answering, compose's worker command likewise.
// Usage: node scripts/check-production-build.mjs [--keep]   (REDIS_URL, default redis://127.0.0.1:6379)
import { execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const patience = Number(process.env.AW_TEST_PATIENCE_MS) || 60_000;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "aw-production-"));
const src = path.join(tmp, "src");
const app = path.join(tmp, "app");

function check(ok, what) {
  if (!ok) throw new Error(`check failed: ${what}`);
  console.log(`ok - ${what}`);
}

/** JSON arrays docker/Dockerfile and docker/compose.yaml give as commands. */
function imageCommands() {
  const dockerfile = fs.readFileSync(path.join(root, "docker/Dockerfile"), "utf8").replace(/\\\n\s*/g, "");
  const instruction = (name) => JSON.parse(dockerfile.match(new RegExp(`^${name} (\\[.*\\])$`, "m"))[1]);
  const compose = fs.readFileSync(path.join(root, "docker/compose.yaml"), "utf8");
  const service = (name) => compose.slice(compose.indexOf(`\n  ${name}:\n`) + 1).split(/\n {2}(?=\S)/)[0];
  // A flow sequence of JSON strings, on one line or (as Prettier writes long ones) several.
  const array = (text, key) => JSON.parse(text.match(new RegExp(`^\\s+${key}:\\s*(\\[[^\\]]*\\])`, "m"))[1].replace(/,\s*\]$/, "]"));
  return {
    cmd: instruction("CMD"),
    healthcheck: instruction("HEALTHCHECK --interval=\\S+ --timeout=\\S+ --start-period=\\S+ --retries=\\S+ CMD"),
    env: Object.fromEntries([...dockerfile.matchAll(/^ENV (.*)$/gm)].flatMap((m) => m[1].split(/\s+/).map((kv) => kv.split("=")))),
    server: { command: array(service("server"), "command"), test: array(service("server"), "test") },
    worker: { command: array(service("worker"), "command"), test: array(service("worker"), "test") },
  };
}

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Every process started here, stopped on the way out whatever happens. */
const started = [];

/** Runs `[exe, ...args]` (compose's leading "CMD" dropped) from the production tree ("node" is this Node); resolves with the exit code. */
async function run(command, env) {
  const [exe, ...args] = command[0] === "CMD" ? command.slice(1) : command;
  const child = spawn(exe === "node" ? process.execPath : exe, args, { cwd: app, env: { ...process.env, ...env }, stdio: "inherit" });
  const [code] = await once(child, "exit");
  return code;
}

function start(command, env) {
  const [exe, ...args] = command;
  const child = spawn(exe === "node" ? process.execPath : exe, args, {
    cwd: app,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  started.push(child);
  const lines = readline.createInterface({ input: child.stdout });
  const exited = once(child, "exit").then(([code]) => code);
  const firstLine = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${command.join(" ")}: no output in time`)), patience);
    lines.once("line", (l) => (clearTimeout(timer), resolve(JSON.parse(l))));
    void exited.then((code) => (clearTimeout(timer), reject(new Error(`${command.join(" ")} exited with ${code}`))));
  });
  return { child, exited, firstLine };
}

const trpcQuery = async (url, name, input) =>
  (await (await fetch(`${url}/trpc/${name}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`)).json()).result.data.json;
const trpcMutation = async (url, name, input) =>
  (
    await (
      await fetch(`${url}/trpc/${name}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ json: input }),
      })
    ).json()
  ).result.data.json;

try {
  const commands = imageCommands();
  check(
    JSON.stringify(commands.cmd) === JSON.stringify(commands.server.command),
    `the image's CMD is compose's server command: ${commands.cmd.join(" ")}`,
  );

  const files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    cwd: root,
    encoding: "utf8",
  }).split("\0");
  for (const file of files.filter((f) => f && fs.existsSync(path.join(root, f)))) {
    fs.mkdirSync(path.dirname(path.join(src, file)), { recursive: true });
    fs.copyFileSync(path.join(root, file), path.join(src, file));
    fs.chmodSync(path.join(src, file), fs.statSync(path.join(root, file)).mode);
  }
  execFileSync("scripts/build-production.sh", [app], { cwd: src, stdio: "inherit" });
  check(!fs.existsSync(path.join(app, "node_modules/.pnpm/node_modules/tsx")), "the production tree has no devDependencies (no tsx)");
  check(!fs.existsSync(path.join(app, "apps/server/src")), "the production tree has no TypeScript sources");

  const port = await freePort();
  const env = { ...commands.env, HOST: "127.0.0.1", PORT: String(port), AW_DATA_DIR: path.join(tmp, "data") };
  const url = `http://127.0.0.1:${port}`;
  const server = start(commands.cmd, env);
  check(/^AW App listening on/.test((await server.firstLine).msg), `${commands.cmd.join(" ")} starts and announces itself`);
  check((await run(commands.healthcheck, env)) === 0, "the image's HEALTHCHECK passes");
  check((await run(commands.server.test, env)) === 0, "compose's server healthcheck (/readyz) passes");

  const form = new FormData();
  form.append("file", new Blob(["id,name,x\n1,a,0.5\n2,b,1.5\n"], { type: "text/csv" }), "points.csv");
  const upload = await fetch(`${url}/api/v1/data/upload`, { method: "POST", body: form });
  check(upload.status === 201, "an upload is stored");
  const template = (await trpcQuery(url, "workflows.templates")).find((t) => t.id === "basic-loader");
  const workflow = await trpcMutation(url, "workflows.create", template.definition);
  const job = await trpcMutation(url, "jobs.create", { workflowId: workflow.id, inputDataId: (await upload.json()).id });
  const deadline = Date.now() + 2 * patience;
  let status;
  while (
    !["completed", "failed", "cancelled"].includes((status = (await trpcQuery(url, "jobs.get", { id: job.id, logLimit: 1 })).job.status))
  ) {
    if (Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  check(status === "completed", `a job from the basic-loader template completes (${status})`);
  server.child.kill("SIGTERM");
  check((await server.exited) === 0, "SIGTERM stops the server with exit code 0");

  const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
  const redisUp = await new Promise((resolve) => {
    const { hostname, port: redisPort } = new URL(redisUrl);
    const socket = net
      .connect(Number(redisPort || 6379), hostname, () => (socket.destroy(), resolve(true)))
      .on("error", () => resolve(false));
  });
  if (redisUp) {
    const prefix = `awprod-${process.pid}`;
    const worker = start(commands.worker.command, {
      ...env,
      QUEUE_DRIVER: "bullmq",
      REDIS_URL: redisUrl,
      QUEUE_PREFIX: prefix,
      LOG_LEVEL: "warn",
    });
    check(/^AW worker running jobs/.test((await worker.firstLine).msg), `${commands.worker.command.join(" ")} starts and announces itself`);
    // In the container the worker is PID 1; here the same check looks at the worker's own PID.
    const workerTest = commands.worker.test.map((arg) => arg.replace("/proc/1/", `/proc/${worker.child.pid}/`));
    check((await run(workerTest, env)) === 0, "compose's worker healthcheck passes (pointed at the worker's PID)");
    check(
      (await run(
        workerTest.map((arg) => arg.replace("dist/worker.js", "dist/not-the-worker.js")),
        env,
      )) === 1,
      "…and fails for another process",
    );
    worker.child.kill("SIGTERM");
    const workerCode = await worker.exited;
    check(workerCode === 0, `SIGTERM stops the worker with exit code 0 (${workerCode})`);
  } else console.log(`skip - the worker: no Redis at ${redisUrl}`);
} finally {
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  if (process.argv.includes("--keep")) console.log(`kept ${tmp}`);
  else fs.rmSync(tmp, { recursive: true, force: true });
}
