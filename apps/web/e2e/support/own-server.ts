import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";

export type TOwnServer = { url: string; port: number; dataDir: string; stop(): Promise<void>; start(): Promise<void>; remove(): void };

const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });

/**
 * A server of a spec's own (the shared one stays untouched), serving the built UI on a free port
 * with its own data folder. It can be stopped and started again on the same port and data.
 */
export async function ownServer(env: Record<string, string> = {}): Promise<TOwnServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "aw-e2e-own-"));
  const port = await freePort();
  let child: ChildProcess | undefined;
  const server: TOwnServer = {
    url: `http://127.0.0.1:${port}`,
    port,
    dataDir,
    async start() {
      const started = spawn(path.resolve("../server/node_modules/.bin/tsx"), [path.resolve("../server/src/main.ts")], {
        env: {
          ...process.env,
          NODE_ENV: "production",
          HOST: "127.0.0.1",
          PORT: String(port),
          AW_DATA_DIR: dataDir,
          DATABASE_URL: `file:${path.join(dataDir, "aw.db")}`,
          AW_WEB_DIST: path.resolve("dist"),
          AW_API_TOKEN: "",
          LOG_LEVEL: "warn",
          ...env,
        },
        stdio: ["ignore", "pipe", "inherit"],
      });
      child = started;
      const lines = readline.createInterface({ input: started.stdout });
      await new Promise<void>((resolve, reject) => {
        started.once("exit", (code) => reject(new Error(`server exited with ${code}`)));
        lines.on("line", (line) => {
          if (/listening on http:\/\//.test(line)) resolve();
        });
      });
    },
    async stop() {
      const running = child;
      if (!running || running.exitCode !== null) return;
      const exited = new Promise((r) => running.once("exit", r));
      running.kill("SIGTERM");
      await exited;
    },
    remove() {
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  await server.start();
  return server;
}
