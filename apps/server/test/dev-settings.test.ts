import { spawn } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "../../../packages/core/src/free-port.ts";

const ROOT = path.resolve(import.meta.dirname, "../../..");

const stops: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const stop of stops) await stop();
});

/** Starts `pnpm dev` (turbo: API and Vite) and resolves with the first output lines matching each pattern. */
function startDev(env: Record<string, string>, patterns: RegExp[]) {
  const child = spawn("bash", ["scripts/pnpm.sh", "dev"], {
    cwd: ROOT,
    env: { ...process.env, ...env, FORCE_COLOR: "0" },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  stops.push(async () => {
    if (child.exitCode === null && child.pid) process.kill(-child.pid, "SIGTERM");
    await exited;
  });
  return new Promise<RegExpMatchArray[]>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      // eslint-disable-next-line no-control-regex -- turbo prefixes lines with colour codes
      output += chunk.toString().replace(/\x1b\[[0-9;]*m/g, "");
      const matches = patterns.map((p) => output.match(p));
      if (matches.every((m) => m)) resolve(matches as RegExpMatchArray[]);
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", (code) => reject(new Error(`pnpm dev exited (${code}) before it was ready:\n${output}`)));
  });
}

describe("pnpm dev honours the app's settings through turbo", () => {
  it("serves the API on PORT with data in AW_DATA_DIR, and the UI dev server forwards to it", async () => {
    const port = await freePort();
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "aw-dev-"));
    stops.push(() => fs.rm(dataDir, { recursive: true, force: true }));
    const [api, web] = await startDev({ PORT: String(port), AW_DATA_DIR: dataDir }, [
      /AW App listening on (http:\/\/\S+)/,
      /Local:\s+(http:\/\/\S+?)\/?\s/,
    ]);
    expect(api?.[1]).toBe(`http://127.0.0.1:${port}`);
    const direct = await fetch(`http://127.0.0.1:${port}/trpc/health.check`);
    expect(direct.status).toBe(200);
    // The embedded database went where AW_DATA_DIR says.
    expect(await fs.readdir(dataDir)).toContain("aw.db");
    const proxied = await fetch(`${web?.[1]}/trpc/health.check`);
    expect(proxied.status).toBe(200);
    // Two dev servers starting on a busy machine can take minutes; the test waits for their output, not for a time.
  }, 300_000);
});
