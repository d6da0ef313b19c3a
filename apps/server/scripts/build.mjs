// Bundles the server and the worker into dist/main.js and dist/worker.js: our TypeScript (this app's and
// @aw/core's sources, the generated Prisma clients included) is compiled in, every npm package stays an
// import resolved from node_modules at run time (native modules such as DuckDB and better-sqlite3 must).
import fs from "node:fs";
import { builtinModules } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const coreDir = path.resolve(serverDir, "../../packages/core");
const dependenciesOf = (dir) => Object.keys(JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")).dependencies ?? {});
/** npm packages stay imports; workspace packages (@aw/…) are compiled in. */
const external = dependenciesOf(serverDir).filter((name) => !name.startsWith("@aw/"));
// dist/ resolves packages from apps/server/node_modules, so the server must list what core uses.
const missing = dependenciesOf(coreDir).filter((name) => !external.includes(name));
if (missing.length > 0) throw new Error(`@aw/server must list @aw/core's dependencies too (as "catalog:"): ${missing.join(", ")}`);

const outdir = path.join(serverDir, "dist");
fs.rmSync(outdir, { recursive: true, force: true });
const result = await build({
  absWorkingDir: serverDir,
  entryPoints: { main: "src/main.ts", worker: "src/worker.ts" },
  outdir,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: true,
  // Subpath imports (e.g. "@prisma/client/runtime/…") are external too.
  external: external.flatMap((name) => [name, `${name}/*`]),
  // CommonJS code compiled into an ES module may still call require().
  banner: { js: 'import { createRequire as __awCreateRequire } from "node:module"; const require = __awCreateRequire(import.meta.url);' },
  logLevel: "warning",
  metafile: true,
});
const imported = new Set(Object.values(result.metafile.outputs).flatMap((o) => o.imports.filter((i) => i.external).map((i) => i.path)));
const unknown = [...imported].filter(
  (p) =>
    !p.startsWith("node:") && !builtinModules.includes(p.split("/")[0]) && !external.some((name) => p === name || p.startsWith(`${name}/`)),
);
if (unknown.length > 0) throw new Error(`the bundle imports packages apps/server/package.json does not list: ${unknown.join(", ")}`);
console.log(`built ${path.relative(process.cwd(), outdir)}/main.js and worker.js (${imported.size} external imports)`);
