import { expect, test } from "@playwright/test";
import { uploadFile } from "./support/api.ts";
import { expectNoSeriousA11yViolations } from "./support/axe.ts";

test("an upload appears in the audit log with its action, and its target links to the data file", async ({ page, request }) => {
  const filename = `audited-${Date.now()}.csv`;
  const data = await uploadFile(request, filename, "id,name\n1,alpha\n2,beta\n");
  await page.goto("/");
  await page.getByRole("link", { name: "Audit log" }).click();
  await expect(page).toHaveURL(/\/audit$/);
  await page.getByRole("combobox", { name: "Action" }).fill("data.upload");
  await page.getByRole("option", { name: "data.upload" }).click();
  const row = page.getByRole("row").filter({ hasText: filename });
  await expect(row).toHaveCount(1);
  await expect(row.getByText("data.upload", { exact: true })).toBeVisible();
  await expect(row.getByText(/^uploaded audited-/)).toBeVisible();
  await expectNoSeriousA11yViolations(page, "audit log");
  await row.getByRole("link", { name: `artifact ${data.id}` }).click();
  await expect(page).toHaveURL(new RegExp(`/data/${data.id}$`));
});

test("the audit log says when no event matches its filters", async ({ page }) => {
  await page.goto("/audit?actor=nobody-at-all");
  await expect(page.getByText("No event matches these filters.")).toBeVisible();
});
