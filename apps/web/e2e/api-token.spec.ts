import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { expect, test } from "@playwright/test";

const TOKEN = "e2e-s3cret";
const CSV = "city,population\nOslo,709000\nBergen,291000\n";

// A second server, started here, that requires an API token (the main one runs without).
let server: ChildProcess;
let baseURL: string;
let dataDir: string;

test.beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "aw-e2e-token-"));
  const port = await new Promise<number>((resolve) => {
    const probe = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
  server = spawn(path.resolve("../server/node_modules/.bin/tsx"), [path.resolve("../server/src/main.ts")], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      PORT: String(port),
      AW_DATA_DIR: dataDir,
      DATABASE_URL: `file:${path.join(dataDir, "aw.db")}`,
      AW_WEB_DIST: path.resolve("dist"),
      AW_API_TOKEN: TOKEN,
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines = readline.createInterface({ input: server.stdout! });
  baseURL = await new Promise<string>((resolve, reject) => {
    server.once("exit", (code) => reject(new Error(`server exited with ${code}`)));
    lines.on("line", (line) => {
      const url = /listening on (http:\/\/\S+)/.exec(line)?.[1];
      if (url) resolve(url);
    });
  });
});

test.afterAll(async () => {
  server?.kill("SIGTERM");
  if (server && server.exitCode === null) await new Promise((r) => server.once("exit", r));
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test("with an API token, the UI signs in and downloads a file by a signed link, streamed by the browser", async ({ page, request }) => {
  const upload = await request.post(`${baseURL}/api/v1/data/upload`, {
    headers: { authorization: `Bearer ${TOKEN}` },
    multipart: { file: { name: "cities.csv", mimeType: "text/csv", buffer: Buffer.from(CSV) } },
  });
  expect(upload.status()).toBe(201);
  const { id } = (await upload.json()) as { id: string };

  await page.goto(`${baseURL}/data/${id}`);
  const gate = page.getByRole("dialog", { name: "Sign in with the API token" });
  await gate.getByLabel("API token").fill(TOKEN);
  await gate.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("heading", { name: "cities.csv" })).toBeVisible();

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("download-artifact").click()]);
  // The browser followed a signed link by itself (it cannot send the bearer header on a link).
  expect(download.url()).toMatch(new RegExp(`/api/v1/data/${id}/download\\?expires=\\d+&signature=[0-9a-f]{64}$`));
  expect(download.suggestedFilename()).toBe("cities.csv");
  expect(fs.readFileSync(await download.path(), "utf8")).toBe(CSV);
});
