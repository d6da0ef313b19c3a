// Builds dist/: JavaScript and declarations of src/ by tsc, then dist/app-router.d.ts replaced by
// the server's AppRouter written out whole (see router-declarations.ts), so the package stands alone.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { routerDeclarations } from "./router-declarations.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dist = path.join(root, "dist");

fs.rmSync(dist, { recursive: true, force: true });
execFileSync(process.execPath, [path.join(root, "node_modules/typescript/bin/tsc"), "-p", path.join(root, "tsconfig.build.json")], {
  stdio: "inherit",
});
const declarations = routerDeclarations(path.join(root, "tsconfig.json"), path.join(root, "src/app-router.ts"));
fs.writeFileSync(path.join(dist, "app-router.d.ts"), declarations);
console.log(`built ${path.relative(process.cwd(), dist) || "."}: AppRouter declarations ${Math.round(declarations.length / 1024)} KiB`);
