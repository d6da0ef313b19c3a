#!/usr/bin/env node
// Runs the TypeScript entry through tsx, the way the server runs.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const tsx = createRequire(import.meta.url).resolve("tsx/cli");
const main = fileURLToPath(new URL("../src/main.ts", import.meta.url));
const { status, signal } = spawnSync(process.execPath, [tsx, main, ...process.argv.slice(2)], { stdio: "inherit" });
process.exit(status ?? (signal ? 1 : 0));
