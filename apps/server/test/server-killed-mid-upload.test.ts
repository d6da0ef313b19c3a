import { spawn } from "node:child_process";
import { once } from "node:events";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { createCore, loadConfig } from "@aw/core";
import { afterAll, expect, it } from "vitest";
import { freePort } from "../../../packages/core/src/free-port.ts";
import { uploadFile } from "./harness.ts";

const serverDir = path.resolve(import.meta.dirname, "..");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aw-killed-upload-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

it("a server killed mid-upload leaves no partial file and no row after a restart, and earlier data stays intact", async () => {
  const port = await freePort();
  const env = { AW_DATA_DIR: dir, AW_WEB_DIST: path.join(dir, "no-web-build"), HOST: "127.0.0.1", PORT: String(port), LOG_LEVEL: "warn" };
  const server = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: serverDir,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const [line] = (await once(readline.createInterface({ input: server.stdout }), "line")) as [string];
  expect(line).toMatch(/AW App listening/);
  const url = `http://127.0.0.1:${port}`;

  const kept = (await (await uploadFile({ url, headers: {} }, "kept.csv", "id,v\n1,a\n2,b\n")).json()) as { id: string };

  // A large upload that stops sending after its first MiB, as a slow client would.
  const boundary = "----aw-killed";
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\nContent-Type: text/csv\r\n\r\n`;
  const request = http.request(`${url}/api/v1/data/upload`, {
    method: "POST",
    headers: { "content-type": `multipart/form-data; boundary=${boundary}`, "content-length": head.length + 64 * 1024 * 1024 },
  });
  const requestEnded = new Promise((resolve) => request.on("error", resolve).on("response", resolve));
  request.write(head);
  request.write(Buffer.alloc(1024 * 1024, "1,a\n"));
  const partialDir = path.join(dir, "storage", ".partial");
  await expect.poll(() => fs.readdirSync(partialDir).filter((name) => fs.statSync(path.join(partialDir, name)).size > 0)).toHaveLength(1);

  server.kill("SIGKILL");
  await once(server, "exit");
  await requestEnded;
  // The killed process left its partial file behind, named for it.
  expect(fs.readdirSync(partialDir)).toEqual([expect.stringContaining(`-${server.pid}-`)]);

  const core = await createCore(loadConfig({ ...env, NODE_ENV: "test" }));
  try {
    expect(fs.readdirSync(partialDir)).toEqual([]);
    const { items } = await core.data.list({});
    expect(items.map((a) => a.id)).toEqual([kept.id]);
    const { body } = await core.data.open(kept.id);
    expect(Buffer.concat(await body.toArray()).toString()).toBe("id,v\n1,a\n2,b\n");
  } finally {
    await core.close();
  }
});
