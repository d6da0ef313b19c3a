// Abuse: a gzip bomb (1 GiB of CSV rows in ~3 MB) uploaded to a real server with a 16 MiB upload
// limit (so 160 MiB decompressed), then a 3-row CSV. Prints how long the small file's profile takes
// beside the same upload on the idle server, how the bomb's profile ends, and the server's peak RSS.
// Usage: cd packages/core && npx tsx ../../bench/abuse/run.mts      (BOMB_MIB=4096 for a bigger bomb)
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { writeGzipBomb } from "../../packages/core/src/data/gzip-bomb.ts";
import { freePort } from "../../packages/core/src/free-port.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const BOMB_BYTES = Number(process.env.BOMB_MIB ?? 1024) * 2 ** 20;
const UPLOAD_MAX_BYTES = 16 * 2 ** 20;
const SMALL_CSV = "id,name,score\n1,alpha,0.5\n2,beta,1.5\n3,gamma,2.5\n";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aw-bench-abuse-"));
const seconds = (since: number) => (performance.now() - since) / 1000;
const rssMiB = (pid: number, field: "VmRSS" | "VmHWM") =>
  Math.round(
    Number(
      /(\d+) kB/.exec(
        fs
          .readFileSync(`/proc/${pid}/status`, "utf8")
          .split("\n")
          .find((l) => l.startsWith(field)) ?? "",
      )?.[1],
    ) / 1024,
  );

const bombFile = path.join(dir, "bomb.csv.gz");
let t = performance.now();
await writeGzipBomb(bombFile, BOMB_BYTES);
console.log(
  `bomb: ${(fs.statSync(bombFile).size / 2 ** 20).toFixed(1)} MiB of gzip holding ${BOMB_BYTES / 2 ** 20} MiB of CSV rows (made in ${seconds(t).toFixed(1)} s)`,
);

const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const server = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
  cwd: path.join(ROOT, "apps/server"),
  env: {
    ...process.env,
    AW_DATA_DIR: path.join(dir, "data"),
    PORT: String(port),
    LOG_LEVEL: "warn",
    UPLOAD_MAX_BYTES: String(UPLOAD_MAX_BYTES),
  },
  stdio: ["ignore", "inherit", "inherit"],
});
const pid = server.pid!;

try {
  for (let i = 0; ; i++) {
    if (
      await fetch(`${base}/trpc/health.check`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (i > 300) throw new Error("the server did not start");
    await new Promise((r) => setTimeout(r, 100));
  }
  const startRss = rssMiB(pid, "VmRSS");

  async function upload(filename: string, body: Buffer | string): Promise<{ status: number; id?: string }> {
    const form = new FormData();
    form.append("file", new Blob([body]), filename);
    const res = await fetch(`${base}/api/v1/data/upload`, { method: "POST", body: form });
    const json = (await res.json()) as { id?: string };
    return { status: res.status, id: json.id };
  }
  async function metadata(id: string): Promise<{ profileStatus?: string; profileError?: string }> {
    const input = encodeURIComponent(JSON.stringify({ json: { id } }));
    const res = (await (await fetch(`${base}/trpc/data.get?input=${input}`)).json()) as {
      result: { data: { json: { metadata: { profileStatus?: string; profileError?: string } } } };
    };
    return res.result.data.json.metadata;
  }
  async function settled(id: string) {
    for (;;) {
      const m = await metadata(id);
      if (m.profileStatus !== "pending") return m;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  /** Seconds from the start of the upload until the file's profile settled. */
  async function smallFile(): Promise<number> {
    const since = performance.now();
    const { status, id } = await upload("three.csv", SMALL_CSV);
    if (status !== 201 || !id) throw new Error(`small upload: HTTP ${status}`);
    const m = await settled(id);
    if (m.profileStatus !== "ready") throw new Error(`small file profile: ${JSON.stringify(m)}`);
    return seconds(since);
  }

  const idle = await smallFile();

  t = performance.now();
  const bomb = await upload("bomb.csv.gz", fs.readFileSync(bombFile));
  const bombUploaded = seconds(t);
  if (bomb.status !== 201 || !bomb.id) throw new Error(`bomb upload: HTTP ${bomb.status}`);
  const busy = await smallFile();
  const bombEnd = await settled(bomb.id);
  const bombSettled = seconds(t);
  const peak = rssMiB(pid, "VmHWM");

  console.log(`server: upload limit ${UPLOAD_MAX_BYTES / 2 ** 20} MiB, so ${(10 * UPLOAD_MAX_BYTES) / 2 ** 20} MiB decompressed`);
  console.log(
    `bomb upload: 201 in ${bombUploaded.toFixed(2)} s; its profile ${bombEnd.profileStatus} ${bombSettled.toFixed(2)} s after the upload began: ${bombEnd.profileError ?? ""}`,
  );
  console.log(
    `3-row CSV, upload → profile ready: ${busy.toFixed(2)} s while the bomb is refused (idle server, same run: ${idle.toFixed(2)} s; target < 10 s)`,
  );
  console.log(`server RSS: ${startRss} MiB at start, peak ${peak} MiB (+${peak - startRss} MiB)`);
} finally {
  server.kill("SIGTERM");
  await new Promise((r) => server.once("exit", r));
  fs.rmSync(dir, { recursive: true, force: true });
}
