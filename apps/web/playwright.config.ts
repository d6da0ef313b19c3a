import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";
import { freePort } from "../../packages/core/src/free-port.ts";
import { patience } from "../../packages/core/src/test-patience.ts";

// Workers load this file again; the env carries the main process's choices to them.
process.env.AW_E2E_PORT ??= String(await freePort());
process.env.AW_E2E_DATA_DIR ??= mkdtempSync(path.join(os.tmpdir(), "aw-e2e-"));
const port = Number(process.env.AW_E2E_PORT);
const dataDir = process.env.AW_E2E_DATA_DIR;
const webDist = path.resolve(import.meta.dirname, "dist");

export default defineConfig({
  testDir: "e2e",
  // Every wait ends at its event; the deadlines come from the one test patience setting (AW_TEST_PATIENCE_MS).
  timeout: patience(4),
  expect: { timeout: patience() },
  fullyParallel: false,
  workers: 1,
  // A spec that needs a retry to pass is a broken spec: none in CI either.
  retries: 0,
  reporter: [["list"]],
  use: {
    ...devices["Desktop Chrome"],
    baseURL: `http://127.0.0.1:${port}`,
    viewport: { width: 1440, height: 900 },
    actionTimeout: patience(),
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  webServer: {
    // The production path: the built UI served by the real server, on a fresh database and store.
    command: "npx vite build --logLevel warn && ../server/node_modules/.bin/tsx ../server/src/main.ts",
    url: `http://127.0.0.1:${port}/trpc/health.check`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      PORT: String(port),
      AW_DATA_DIR: dataDir,
      DATABASE_URL: `file:${path.join(dataDir, "aw.db")}`,
      AW_WEB_DIST: webDist,
      AW_API_TOKEN: "",
      STORAGE_DRIVER: "local",
      QUEUE_DRIVER: "local",
      LOG_LEVEL: "warn",
    },
  },
});
