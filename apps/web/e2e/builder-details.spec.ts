import { expect, test } from "@playwright/test";
import { addCustomPreparingStep } from "./support/builder.ts";
import { uploadFile } from "./support/api.ts";

// A 1×1 PNG: an upload the engine cannot read as a table.
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=", "base64");

test("builder fields say what is wrong instead of changing or accepting it", async ({ page }) => {
  await page.goto("/workflows/new");
  await page.getByRole("textbox", { name: "Name", exact: true }).fill("Details");
  const profile = page.locator('[data-testid="step-card"][data-step-type="profiling"]');

  // Histogram bins of −5 stay −5 and are flagged; they are not quietly clamped to 2.
  const bins = profile.getByRole("textbox", { name: "Histogram bins" });
  await bins.fill("-5");
  await bins.blur();
  await expect(bins).toHaveValue("-5");

  // The SQL assertion starts empty (a placeholder shows the shape), and a query cut off after WHERE is refused.
  await page.getByRole("button", { name: "Validate", exact: true }).click();
  const validate = page.locator('[data-testid="step-card"][data-step-type="validation"]');
  await validate.getByRole("combobox", { name: "Check", exact: true }).click();
  await page.getByRole("option", { name: /SQL assertion/ }).click();
  const query = validate.getByLabel(/Failing rows query/);
  await expect(query).toHaveValue("");
  await query.fill("SELECT * FROM data WHERE ");

  // A custom preparation with an operation missing its column: its path counts from one, like the cards.
  const prepare = await addCustomPreparingStep(page);
  await prepare.getByRole("button", { name: "Add operation" }).click();
  await page.getByRole("menuitem", { name: "Tidy text" }).click();

  await page.getByRole("button", { name: "Save", exact: true }).click();
  const problems = page.getByTestId("problems");
  await expect(problems).toContainText("Step 2 (Profile) › histogramBins");
  await expect(bins).toHaveAttribute("aria-invalid", "true");
  await expect(query).toHaveAccessibleDescription(/ends before its condition/);
  await expect(problems).toContainText(/Step 4 \(Prepare\) › operation 1 › /);
  await expect(problems).not.toContainText("operations › 0");
  await expect(page).toHaveURL(/\/workflows\/new$/);
});

test("a file that is not a table is listed in the dataset pickers but cannot be chosen, with the reason", async ({ page, request }) => {
  await uploadFile(request, "picture.png", PNG, "image/png");
  await uploadFile(request, "table.csv", "a,b\n1,2\n");
  await page.goto("/workflows/new");
  await page.getByRole("combobox", { name: "Sample dataset" }).click();
  const png = page.getByRole("option", { name: /picture\.png/ });
  await expect(png).toBeVisible();
  await expect(png).toHaveAttribute("aria-disabled", "true");
  await expect(png).toContainText("not a tabular format");
  await expect(page.getByRole("option", { name: /table\.csv/ })).not.toHaveAttribute("aria-disabled", "true");
});
