// Scrolling the data grid over a 42,049-row file against a plain <table> holding the same rows, in
// the same Chromium: builds the UI, starts the server on a fresh data folder, uploads the file,
// then drives both with the same requestAnimationFrame scroll (a slow read, then a fast fling) under
// a performance trace. Prints, per table, the frame interval the page saw (median, p95) and from the
// trace the renderer main thread's work per frame; the traces are kept for DevTools' Performance panel.
// Run from the repository root: node bench/web/scroll-frames.mjs   (CHROMIUM_PATH to use another browser)
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const WEB = path.join(ROOT, "apps/web");
const playwright = await import(pathToFileURL(createRequire(path.join(WEB, "package.json")).resolve("@playwright/test")).href);
const { chromium } = playwright.default ?? playwright;

const ROWS = 42_049;
const FRAME_BUDGET_MS = 1000 / 60;
const SLOW = { frames: 300, px: 40 };
const FAST = { frames: 300, px: 900 };

const work = fs.mkdtempSync(path.join(os.tmpdir(), "aw-bench-scroll-"));
const dist = path.join(work, "dist");
execFileSync("npx", ["vite", "build", "--logLevel", "warn", "--outDir", dist, "--emptyOutDir"], { cwd: WEB, stdio: "inherit" });

const port = await new Promise((resolve) => {
  const probe = net.createServer().listen(0, "127.0.0.1", () => {
    const { port } = probe.address();
    probe.close(() => resolve(port));
  });
});
const base = `http://127.0.0.1:${port}`;
const server = spawn(path.join(ROOT, "apps/server/node_modules/.bin/tsx"), [path.join(ROOT, "apps/server/src/main.ts")], {
  env: {
    ...process.env,
    NODE_ENV: "production",
    HOST: "127.0.0.1",
    PORT: String(port),
    AW_DATA_DIR: path.join(work, "data"),
    DATABASE_URL: `file:${path.join(work, "data", "aw.db")}`,
    AW_WEB_DIST: dist,
    AW_API_TOKEN: "",
    LOG_LEVEL: "warn",
  },
  stdio: ["ignore", "pipe", "inherit"],
});
process.on("exit", () => server.kill("SIGTERM")); // also when the bench fails half-way
await new Promise((resolve, reject) => {
  server.once("exit", (code) => reject(new Error(`server exited with ${code}`)));
  readline.createInterface({ input: server.stdout }).on("line", (line) => /listening on http:\/\//.test(line) && resolve());
});

const rows = Array.from({ length: ROWS }, (_, i) => [i + 1, `row ${i + 1}`, ((i + 1) * 37) % 101]);
const form = new FormData();
form.append(
  "file",
  new Blob([["id,label,score", ...rows.map((r) => r.join(","))].join("\n") + "\n"], { type: "text/csv" }),
  "forty-two-thousand.csv",
);
const uploaded = await (await fetch(`${base}/api/v1/data/upload`, { method: "POST", body: form })).json();

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
});

/** Scrolls `selector` by `px` every animation frame for `frames` frames; returns the frame intervals. */
const scroll = (page, selector) =>
  page.evaluate(
    ({ selector, phases }) =>
      new Promise((resolve) => {
        const el = document.querySelector(selector);
        const intervals = [];
        let phase = 0;
        let left = phases[0].frames;
        let last;
        const tick = (now) => {
          if (last !== undefined) intervals.push(now - last);
          last = now;
          if (left-- === 0) {
            if (++phase === phases.length) return resolve(intervals);
            left = phases[phase].frames - 1;
          }
          el.scrollTop += phases[phase].px;
          requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      }),
    { selector, phases: [SLOW, FAST] },
  );

/** The renderer main thread's busy time between consecutive frames it began, from a Chrome trace. */
function mainThreadWorkPerFrame(trace) {
  const events = JSON.parse(trace).traceEvents;
  const main = events.find(
    (e) =>
      e.name === "thread_name" &&
      e.args?.name === "CrRendererMain" &&
      events.some((f) => f.pid === e.pid && f.name === "BeginMainThreadFrame"),
  );
  const onMain = events.filter((e) => e.pid === main.pid && e.tid === main.tid);
  const frames = onMain
    .filter((e) => e.name === "BeginMainThreadFrame")
    .map((e) => e.ts)
    .sort((a, b) => a - b);
  const tasks = onMain.filter((e) => e.ph === "X" && e.name === "ThreadControllerImpl::RunTask").sort((a, b) => a.ts - b.ts);
  const work = [];
  let t = 0;
  for (let i = 0; i + 1 < frames.length; i++) {
    let busy = 0;
    while (t < tasks.length && tasks[t].ts < frames[i + 1]) {
      if (tasks[t].ts >= frames[i]) busy += tasks[t].dur ?? 0;
      t++;
    }
    work.push(busy / 1000);
  }
  return { frames: frames.length, work };
}

const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};
const ms = (n) => `${n.toFixed(1)} ms`.padStart(9);

async function measure(name, open, selector) {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await open(page);
  await scroll(page, selector); // a first pass warms the JIT and the row pages' cache alike
  await page.evaluate((s) => (document.querySelector(s).scrollTop = 0), selector);
  const tracePath = path.join(work, `${name.replace(/\W+/g, "-")}.trace.json`);
  await browser.startTracing(page, {
    path: tracePath,
    categories: ["devtools.timeline", "disabled-by-default-devtools.timeline", "disabled-by-default-devtools.timeline.frame", "toplevel"],
  });
  const intervals = await scroll(page, selector);
  const trace = (await browser.stopTracing()).toString();
  const { frames, work: perFrame } = mainThreadWorkPerFrame(trace);
  const over = intervals.filter((i) => i > FRAME_BUDGET_MS * 1.5).length;
  console.log(
    `${name.padEnd(34)} frame interval median ${ms(quantile(intervals, 0.5))}  p95 ${ms(quantile(intervals, 0.95))}  ` +
      `dropped ${String(over).padStart(3)}/${intervals.length}  main-thread work/frame median ${ms(quantile(perFrame, 0.5))}  p95 ${ms(quantile(perFrame, 0.95))}  (${frames} frames traced)`,
  );
  await page.close();
  return { median: quantile(intervals, 0.5), tracePath };
}

console.log(
  `Scrolling ${ROWS.toLocaleString("en")} rows: ${SLOW.frames} frames at ${SLOW.px} px, then ${FAST.frames} at ${FAST.px} px (budget ${FRAME_BUDGET_MS.toFixed(1)} ms a frame)`,
);
const grid = await measure(
  "data grid (/data/:id, Rows tab)",
  async (page) => {
    await page.goto(`${base}/data/${uploaded.id}`);
    await page.getByRole("tab", { name: "Rows" }).click();
    await page.getByTestId("virtual-table").getByRole("cell", { name: "row 1", exact: true }).waitFor();
  },
  '[data-testid="virtual-table"]',
);
const plain = await measure(
  "plain <table>, all rows in the DOM",
  async (page) => {
    const body = rows.map((r) => `<tr><td>${r[0]}</td><td>${r[1]}</td><td>${r[2]}</td></tr>`).join("");
    await page.setContent(
      `<div id="box" style="height:420px;overflow:auto"><table><thead><tr><th>id</th><th>label</th><th>score</th></tr></thead><tbody>${body}</tbody></table></div>`,
    );
  },
  "#box",
);
console.log(
  `Data grid median ${grid.median.toFixed(1)} ms vs plain table ${plain.median.toFixed(1)} ms → ${grid.median <= FRAME_BUDGET_MS + 0.5 ? "within" : "OVER"} the ${FRAME_BUDGET_MS.toFixed(1)} ms frame budget`,
);
console.log(`Traces (open in DevTools → Performance): ${grid.tracePath}, ${plain.tracePath}`);

await browser.close();
server.kill("SIGTERM");
await new Promise((r) => server.once("exit", r));
fs.rmSync(dist, { recursive: true, force: true });
fs.rmSync(path.join(work, "data"), { recursive: true, force: true });
