import { expect, test } from "@playwright/test";

test("a bad upload shows the server's own error message while the good one next to it succeeds", async ({ page }) => {
  await page.goto("/data");
  const input = page.locator('[data-testid="upload-dropzone"] input[type="file"]');
  await input.setInputFiles([
    { name: "empty.csv", mimeType: "text/csv", buffer: Buffer.alloc(0) },
    { name: "good.csv", mimeType: "text/csv", buffer: Buffer.from("name,score\nada,3\nbob,5\n") },
  ]);
  await expect(page.getByTestId("upload-row").filter({ hasText: "good.csv" })).toHaveAttribute("data-status", "done");
  await expect(page.getByTestId("data-table").getByRole("link", { name: "good.csv" })).toBeVisible();

  const row = page.getByTestId("upload-row").filter({ hasText: "empty.csv" });
  await expect(row).toHaveAttribute("data-status", "failed");
  // The message comes from the API's `{error: {message}}` body, not from the UI.
  await expect(row.getByTestId("upload-error")).toHaveText(/file is empty/);
  await expect(page.getByRole("alert").filter({ hasText: "Could not upload empty.csv" })).toBeVisible();
  await expect(page.getByRole("link", { name: "empty.csv", exact: true })).toHaveCount(0);
});

test("an upload can be cancelled while it is in flight", async ({ page }) => {
  await page.goto("/data");
  // Hold the request so the cancel button is there to press.
  await page.route(/\/api\/v1\/data\/upload\b/, () => {});
  await page
    .locator('[data-testid="upload-dropzone"] input[type="file"]')
    .setInputFiles({ name: "slow.csv", mimeType: "text/csv", buffer: Buffer.from("a,b\n1,2\n") });
  const row = page.getByTestId("upload-row").filter({ hasText: "slow.csv" });
  await expect(row).toHaveAttribute("data-status", "uploading");
  await row.getByRole("button", { name: "Cancel upload of slow.csv" }).click();
  await expect(row).toHaveAttribute("data-status", "cancelled");
  await expect(row).toContainText("Cancelled");
});
