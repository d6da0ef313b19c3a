import { expect, test } from "@playwright/test";
import { trpcQuery } from "./support/api.ts";

test("an invalid workflow shows inline errors at the right fields and is not saved", async ({ page, request }) => {
  const before = await trpcQuery<{ total: number }>(request, "workflows.list", { page: 1, pageSize: 1 });
  await page.goto("/workflows/new");
  const cards = page.getByTestId("step-card");
  await expect(cards).toHaveCount(2);

  // A custom preparation without operations and a SQL check that is not a SELECT.
  await page.getByRole("button", { name: "Prepare", exact: true }).click();
  const prepare = page.locator('[data-testid="step-card"][data-step-type="preparing"]');
  await prepare.getByRole("combobox", { name: "Target", exact: true }).click();
  await page.getByRole("option", { name: "custom" }).click();
  await page.getByRole("button", { name: "Validate", exact: true }).click();
  const validate = page.locator('[data-testid="step-card"][data-step-type="validation"]');
  await validate.getByRole("combobox", { name: "Check", exact: true }).click();
  await page.getByRole("option", { name: /SQL assertion/ }).click();
  await validate.getByLabel(/Failing rows query/).fill("DELETE FROM data");
  // A step without a name.
  await cards.nth(1).getByLabel("Step 2 name").fill("");

  await page.getByRole("button", { name: "Save", exact: true }).click();

  const name = page.getByRole("textbox", { name: "Name", exact: true });
  await expect(name).toHaveAttribute("aria-invalid", "true");
  await expect(name).toHaveAccessibleDescription("name is required");
  await expect(prepare.getByTestId("operations-empty")).toHaveText("a custom target needs at least one operation");
  await expect(validate.getByLabel(/Failing rows query/)).toHaveAccessibleDescription(/sql must be a SELECT query/);
  await expect(cards.nth(1).getByLabel("Step 2 name")).toHaveAccessibleDescription("Required");
  await expect(page.getByTestId("problems")).toContainText("4 problems");
  await expect(page).toHaveURL(/\/workflows\/new$/);

  // Fixing a field clears its error as you type.
  await validate.getByLabel(/Failing rows query/).fill("SELECT * FROM data WHERE population < 0");
  await expect(validate.getByLabel(/Failing rows query/)).not.toHaveAccessibleDescription(/sql must be/);

  const after = await trpcQuery<{ total: number }>(request, "workflows.list", { page: 1, pageSize: 1 });
  expect(after.total).toBe(before.total);
});
