import fs from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { addCustomPreparingStep } from "./support/builder.ts";
import { snapPart } from "./support/screenshots.ts";

test("steps reorder from the keyboard, and a workflow exports and imports as JSON", async ({ page }) => {
  await page.goto("/workflows/new");
  await page.getByRole("button", { name: "Use template Data preparation (cosmo-ready)" }).click();
  const cards = page.getByTestId("step-card");
  await expect(cards).toHaveCount(5);
  await expect(cards.nth(1)).toHaveAttribute("data-step-type", "profiling");

  // Move the profile step below the preparing step with the keyboard only.
  await page.getByRole("button", { name: "Move step 2 down" }).focus();
  await page.keyboard.press("Enter");
  await expect(cards.nth(1)).toHaveAttribute("data-step-type", "preparing");
  await expect(cards.nth(2)).toHaveAttribute("data-step-type", "profiling");

  // Remove the validation step, then export.
  await page.getByRole("button", { name: "Remove step 4" }).click();
  await expect(cards).toHaveCount(4);
  await page.getByRole("textbox", { name: "Name", exact: true }).fill("Exported workflow");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export JSON" }).click()]);
  expect(download.suggestedFilename()).toBe("exported-workflow.workflow.json");
  const exported = JSON.parse(await fs.readFile((await download.path()) ?? "", "utf8")) as { name: string; steps: { type: string }[] };
  expect(exported.name).toBe("Exported workflow");
  expect(exported.steps.map((s) => s.type)).toEqual(["loading", "preparing", "profiling", "export"]);

  // Importing it into a fresh builder restores the same steps.
  await page.goto("/workflows/new");
  await page
    .locator('input[type="file"][accept*="json"]')
    .setInputFiles({ name: "w.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(exported)) });
  await expect(page.getByRole("textbox", { name: "Name", exact: true })).toHaveValue("Exported workflow");
  await expect(cards).toHaveCount(4);
  await expect(cards.nth(2)).toHaveAttribute("data-step-type", "profiling");

  // A file that is not a workflow is refused with a message.
  await page
    .locator('input[type="file"][accept*="json"]')
    .setInputFiles({ name: "bad.json", mimeType: "application/json", buffer: Buffer.from('{"hello": 1}') });
  await expect(page.getByText("The file has no `steps` array")).toBeVisible();
});

test("a preparing step takes a reason per operation, tidy-text and fill options, dedupe and the ml-ready NULL threshold", async ({
  page,
}) => {
  await page.goto("/workflows/new");
  await page.getByRole("textbox", { name: "Name", exact: true }).fill("Ledger options");
  const prepare = await addCustomPreparingStep(page);
  await prepare.getByRole("button", { name: "Add operation" }).click();
  await page.getByRole("menuitem", { name: "Tidy text" }).click();
  await prepare.getByRole("combobox", { name: "Text columns" }).fill("name");
  await prepare.getByRole("combobox", { name: "Text columns" }).press("Enter");
  await prepare.getByRole("textbox", { name: "Reason" }).fill("Survey exports write NA for no answer");
  await prepare.getByRole("button", { name: "Add operation" }).click();
  await page.getByRole("menuitem", { name: "Fill missing values" }).click();
  await prepare.getByRole("switch", { name: "Mark filled values" }).check();
  await prepare.getByRole("switch", { name: "Remove exact duplicate rows" }).check();
  // The NULL threshold belongs to ml-ready only.
  await expect(prepare.getByRole("textbox", { name: "Drop columns with more missing values than" })).toHaveCount(0);

  const exported = async () => {
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export JSON" }).click()]);
    const definition = JSON.parse(await fs.readFile((await download.path()) ?? "", "utf8")) as {
      steps: { type: string; config: Record<string, unknown> }[];
    };
    return definition.steps.find((s) => s.type === "preparing")?.config;
  };
  expect(await exported()).toMatchObject({
    target: "custom",
    dedupe: true,
    operations: [
      {
        op: "normalize_text",
        columns: ["name"],
        trim: true,
        nullWords: ["NA", "N/A", "null"],
        reason: "Survey exports write NA for no answer",
      },
      { op: "fill_nulls", indicator: true },
    ],
  });
  await snapPart(prepare, "preparing-step-operations");

  await prepare.getByRole("combobox", { name: "Target", exact: true }).click();
  await page.getByRole("option", { name: "ml-ready" }).click();
  await prepare.getByRole("textbox", { name: "Drop columns with more missing values than" }).fill("30");
  expect(await exported()).toMatchObject({ target: "ml-ready", dedupe: true, maxNullShare: 0.3 });
});
