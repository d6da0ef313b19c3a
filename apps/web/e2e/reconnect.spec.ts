import { expect, test } from "@playwright/test";
import { patience } from "../../../packages/core/src/test-patience.ts";
import { ownServer, type TOwnServer } from "./support/own-server.ts";

// This spec stops its server, so it runs one of its own.
let server: TOwnServer;

test.beforeAll(async () => {
  server = await ownServer();
});

test.afterAll(async () => {
  await server?.stop();
  server?.remove();
});

test("while the server is down the page keeps its data under a reconnecting banner and a red badge, and refreshes when it is back", async ({
  page,
  request,
}) => {
  const upload = await request.post(`${server.url}/api/v1/data/upload`, {
    multipart: { file: { name: "before.csv", mimeType: "text/csv", buffer: Buffer.from("a,b\n1,2\n") } },
  });
  expect(upload.status()).toBe(201);

  await page.goto(`${server.url}/data`);
  const table = page.getByTestId("data-table");
  await expect(table.getByRole("link", { name: "before.csv" })).toBeVisible();
  const badge = page.getByTestId("health-indicator");
  await expect(badge).toHaveAccessibleName("System health: All systems normal");

  await server.stop();
  // Moving around makes requests that cannot be answered: the banner shows at once, and the list,
  // opened again, still shows the rows it had.
  await page.getByRole("link", { name: "Dashboard" }).click();
  await page.getByRole("link", { name: "Data" }).click();
  const banner = page.getByTestId("reconnecting-banner");
  await expect(banner).toBeVisible();
  await expect(banner).toContainText("Reconnecting");
  await expect(badge).toHaveAccessibleName("System health: Server unreachable");
  await expect(table.getByRole("link", { name: "before.csv" })).toBeVisible();
  await expect(page.getByText("Failed to fetch")).toHaveCount(0);

  // A file arrives before the page can see the server again (its requests are still refused on the
  // way); once it can, the banner goes and the list shows the file.
  await page.route("**/trpc/**", (route) => route.abort("connectionrefused"));
  await server.start();
  const late = await request.post(`${server.url}/api/v1/data/upload`, {
    multipart: { file: { name: "before-late.csv", mimeType: "text/csv", buffer: Buffer.from("a,b\n3,4\n") } },
  });
  expect(late.status()).toBe(201);
  await expect(banner).toBeVisible();
  await page.unroute("**/trpc/**");
  await expect(banner).toBeHidden({ timeout: patience() });
  await expect(badge).toHaveAccessibleName("System health: All systems normal");
  await expect(table.getByRole("link", { name: "before-late.csv" })).toBeVisible();
});
