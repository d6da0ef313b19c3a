import type { Locator, Page } from "@playwright/test";

/** Adds a preparing step with the `custom` target to the open builder and returns its card. */
export async function addCustomPreparingStep(page: Page): Promise<Locator> {
  await page.getByRole("button", { name: "Prepare", exact: true }).click();
  const prepare = page.locator('[data-testid="step-card"][data-step-type="preparing"]');
  await prepare.getByRole("combobox", { name: "Target", exact: true }).click();
  await page.getByRole("option", { name: "custom" }).click();
  return prepare;
}
