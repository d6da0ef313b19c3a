// A server or worker in a process of its own, as an operator starts it, its output read line by line.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import path from "node:path";
import readline from "node:readline";
import { patience } from "../../../packages/core/src/test-patience.ts";

const serverDir = path.resolve(import.meta.dirname, "..");

export type TServerProcess = {
  child: ChildProcess;
  /** stdout so far, one entry per line. */
  lines: string[];
  stderr: string[];
  exited: Promise<number | null>;
  /** Resolves with the first stdout line matching, rejects when the process exits first or the patience runs out. */
  line(pattern: RegExp): Promise<string>;
};

/** `node <args>` in apps/server (e.g. `dist/main.js`, or `--import tsx src/main.ts`) with `env` added. */
export function startServerProcess(args: string[], env: Record<string, string>): TServerProcess {
  const child = spawn(process.execPath, args, { cwd: serverDir, env: { ...process.env, ...env } });
  const lines: string[] = [];
  const stderr: string[] = [];
  const out = readline.createInterface({ input: child.stdout });
  out.on("line", (l) => lines.push(l));
  readline.createInterface({ input: child.stderr }).on("line", (l) => stderr.push(l));
  const exited = once(child, "exit").then(([code]) => code as number | null);
  const line = (pattern: RegExp) =>
    new Promise<string>((resolve, reject) => {
      const seen = lines.find((l) => pattern.test(l));
      if (seen !== undefined) return resolve(seen);
      const timer = setTimeout(() => finish(new Error(`no line matching ${pattern} in time`)), patience(2));
      const onLine = (l: string) => void (pattern.test(l) && finish(undefined, l));
      const onExit = (code: number | null) =>
        finish(new Error(`${args.join(" ")} exited with ${code} before a line matching ${pattern}: ${stderr.join("\n")}`));
      function finish(err?: Error, found?: string) {
        clearTimeout(timer);
        out.off("line", onLine);
        child.off("exit", onExit);
        if (err) reject(err);
        else resolve(found!);
      }
      out.on("line", onLine);
      child.once("exit", onExit);
    });
  return { child, lines, stderr, exited, line };
}
