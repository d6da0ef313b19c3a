import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { ownServer, type TOwnServer } from "./support/own-server.ts";

const TOKEN = "e2e-s3cret";
const CSV = "city,population\nOslo,709000\nBergen,291000\n";

// A second server, started here, that requires an API token (the main one runs without).
let server: TOwnServer;
let baseURL: string;

test.beforeAll(async () => {
  server = await ownServer({ AW_API_TOKEN: TOKEN });
  baseURL = server.url;
});

test.afterAll(async () => {
  await server?.stop();
  server?.remove();
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
