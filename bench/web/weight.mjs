// What a first visit to the UI downloads: builds it, then prints the JavaScript the entry page loads
// before anything renders (its script and modulepreloads) raw, gzip and brotli, against the budget
// of 250 KB gzip, and the largest chunks that load later on demand.
// Run from the repository root: node bench/web/weight.mjs
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";

const BUDGET_GZIP = 250 * 1024;
const web = path.resolve("apps/web");
const out = fs.mkdtempSync(path.join(os.tmpdir(), "aw-web-weight-"));
execFileSync("npx", ["vite", "build", "--logLevel", "warn", "--outDir", out, "--emptyOutDir"], { cwd: web, stdio: "inherit" });

const sizes = (file) => {
  const bytes = fs.readFileSync(file);
  return {
    raw: bytes.length,
    gzip: zlib.gzipSync(bytes, { level: 9 }).length,
    brotli: zlib.brotliCompressSync(bytes, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
};
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

const html = fs.readFileSync(path.join(out, "index.html"), "utf8");
const initial = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]);
const total = { raw: 0, gzip: 0, brotli: 0 };
console.log("First visit (entry script, modulepreloads and stylesheets):");
for (const file of initial) {
  const s = sizes(path.join(out, file));
  for (const k of Object.keys(total)) total[k] += s[k];
  console.log(`  ${file.padEnd(44)} ${kb(s.raw).padStart(10)} raw ${kb(s.gzip).padStart(10)} gzip ${kb(s.brotli).padStart(10)} br`);
}
const js = initial.filter((f) => f.endsWith(".js")).reduce((n, f) => n + sizes(path.join(out, f)).gzip, 0);
console.log(
  `  ${"total".padEnd(44)} ${kb(total.raw).padStart(10)} raw ${kb(total.gzip).padStart(10)} gzip ${kb(total.brotli).padStart(10)} br`,
);
console.log(`Initial JavaScript: ${kb(js)} gzip, budget ${kb(BUDGET_GZIP)} → ${js <= BUDGET_GZIP ? "within" : "OVER"} budget`);

const later = fs
  .readdirSync(path.join(out, "assets"))
  .filter((f) => f.endsWith(".js") && !initial.includes(`assets/${f}`))
  .map((f) => ({ f, ...sizes(path.join(out, "assets", f)) }))
  .sort((a, b) => b.gzip - a.gzip)
  .slice(0, 8);
console.log("Largest chunks loaded on demand:");
for (const c of later) console.log(`  ${c.f.padEnd(44)} ${kb(c.raw).padStart(10)} raw ${kb(c.gzip).padStart(10)} gzip`);
fs.rmSync(out, { recursive: true, force: true });
