import fs from "node:fs/promises";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { patience } from "../../../packages/core/src/test-patience.ts";
import { snap } from "./support/screenshots.ts";

const CITIES = path.resolve(import.meta.dirname, "fixtures/cities.csv");

test("upload, profile, build from a template with approval, run, approve, preview and download the result", async ({ page, request }) => {
  // Upload through the dropzone and open the dataset's profile.
  await page.goto("/data");
  await page.locator('[data-testid="upload-dropzone"] input[type="file"]').setInputFiles(CITIES);
  const upload = page.getByTestId("upload-row").filter({ hasText: "cities.csv" });
  await expect(upload).toHaveAttribute("data-status", "done");
  await expect(page.getByTestId("data-table").getByRole("link", { name: "cities.csv" })).toBeVisible();
  await upload.getByRole("link", { name: /open profile/ }).click();
  await expect(page).toHaveURL(/\/data\/[^/]+$/);
  await expect(page.getByRole("heading", { name: "cities.csv" })).toBeVisible();
  const population = page.getByTestId("column-profile").filter({ hasText: "population" });
  await expect(population).toBeVisible();
  await expect(population.getByText(/Median/)).toBeVisible();
  await expect(page.getByTestId("column-profile").filter({ hasText: "continent" }).getByText("Asia")).toBeVisible();
  await snap(page, "data-detail");

  // Build a workflow from the approval template, aimed at a Cosmograph-ready result.
  await page.getByRole("link", { name: "Workflows" }).click();
  await page.getByRole("link", { name: "New workflow" }).first().click();
  await page.getByRole("button", { name: "Use template Approval workflow" }).click();
  await expect(page.getByTestId("step-card")).toHaveCount(3);
  await page.getByRole("textbox", { name: "Name", exact: true }).fill("Cities to Cosmograph");
  const prepare = page.locator('[data-testid="step-card"][data-step-type="preparing"]');
  await prepare.getByRole("combobox", { name: "Target", exact: true }).click();
  await page.getByRole("option", { name: "cosmo-ready" }).click();
  await expect(prepare.getByText("Column mapping")).toBeVisible();
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page).toHaveURL(/\/workflows\/(?!new)[^/]+$/);
  await expect(page.getByText("v1", { exact: true })).toBeVisible();
  await snap(page, "workflow-builder");

  // Run it on the uploaded file and follow the job live.
  await page.getByRole("button", { name: "Run", exact: true }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Input dataset").click();
  await page.getByRole("option", { name: /cities\.csv/ }).click();
  await dialog.getByRole("button", { name: "Start job" }).click();
  await expect(page).toHaveURL(/\/jobs\/[^/]+$/);
  await expect(page.getByTestId("job-progress")).toBeVisible();

  // The prepare step pauses the job with a preview of its output.
  const approval = page.getByTestId("approval-panel");
  await expect(approval).toBeVisible({ timeout: patience(2) });
  await expect(page.getByTestId("job-status")).toHaveAttribute("data-status", "awaiting_approval");
  await expect(approval.getByRole("table", { name: "Approval preview" })).toContainText("Tokyo");
  // The whole step table pages from its checkpoint, not only the preview kept with the pause.
  await expect(approval.getByTestId("rows-summary")).toHaveText("42 rows · 6 columns");
  await expect(approval).toContainText("x: longitude");
  await expect(page.getByTestId("job-log")).toContainText(/approval/i);
  await snap(page, "job-detail");

  await approval.getByLabel("Comment").fill("Positions are longitude and latitude: approved.");
  await approval.getByRole("button", { name: "Approve and continue" }).click();
  await expect(page.getByTestId("job-status")).toHaveAttribute("data-status", "completed", { timeout: patience(2) });
  await expect(page.getByTestId("job-progress-value")).toHaveText("100%");

  // The result: a Cosmograph-style scatter of the prepared points, and a download that matches the stored file.
  const result = page.getByTestId("result-panel");
  await expect(result.getByTestId("cosmo-preview")).toBeVisible();
  await expect(result.getByTestId("cosmo-preview")).toContainText("x: longitude");
  await expect(result.getByTestId("echart").locator("canvas")).toBeVisible();
  await snap(page, "result-preview");

  const href = await result.getByTestId("download-result").getAttribute("href");
  expect(href).toMatch(/^\/api\/v1\/data\/.+\/download$/);
  const [download] = await Promise.all([page.waitForEvent("download"), result.getByTestId("download-result").click()]);
  // Named after its input and workflow, not `result.<ext>`.
  expect(download.suggestedFilename()).toMatch(/^cities\.cities-to-cosmograph\.\w+$/);
  await expect(result.getByTestId("result-filename")).toHaveText(download.suggestedFilename());
  const downloaded = await fs.readFile((await download.path()) ?? "");
  const served = await request.get(href ?? "");
  expect(served.ok()).toBeTruthy();
  expect(downloaded.equals(await served.body())).toBe(true);
  const text = downloaded.toString("utf8");
  expect(text.split("\n")[0]).toContain("longitude");
  for (const city of ["Tokyo", "São Paulo", "Auckland"]) expect(text).toContain(city);

  // The dashboard and data list now show the run and both files.
  await page.getByRole("link", { name: "Dashboard" }).click();
  await expect(page.getByText("100%")).toBeVisible();
  await expect(page.getByTestId("jobs-table")).toContainText("Cities to Cosmograph");
  await snap(page, "dashboard");
  await page.getByRole("link", { name: "Data", exact: true }).click();
  const table = page.getByTestId("data-table");
  await expect(table.getByRole("link", { name: "cities.csv" })).toBeVisible();
  await expect(table.getByRole("row").filter({ hasText: "Job result" }).first()).toBeVisible();
  await snap(page, "data-list");
});
