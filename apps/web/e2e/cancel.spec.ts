import { expect, test } from "@playwright/test";
import { patience } from "../../../packages/core/src/test-patience.ts";
import { trpcMutation, trpcQuery, uploadFile } from "./support/api.ts";

/**
 * The check below hashes every triple of rows (8·10¹² of them): no statistics can rule it out, so
 * the job stays in that step until it is cancelled, however fast the machine.
 */
function numbersCsv(rows: number): string {
  const lines = ["id,value"];
  for (let i = 0; i < rows; i++) lines.push(`${i},${(i * 7919) % 1000}`);
  return lines.join("\n") + "\n";
}

test("a running job can be cancelled from its page", async ({ page, request }) => {
  await uploadFile(request, "numbers.csv", numbersCsv(20_000));
  const workflow = await trpcMutation<{ id: string }>(request, "workflows.create", {
    name: "Endless triple check",
    description: "Hashes every triple of rows",
    steps: [
      { name: "Load", type: "loading", config: { format: "csv" } },
      {
        name: "Triple check",
        type: "validation",
        config: {
          spec: { kind: "functional", check: "sql", sql: "SELECT a.id FROM data a, data b, data c WHERE hash(a.id, b.value, c.id) = 0" },
        },
      },
    ],
  });

  await page.goto(`/workflows/${workflow.id}`);
  await page.getByRole("button", { name: "Run", exact: true }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Input dataset").click();
  await page.getByRole("option", { name: /numbers\.csv/ }).click();
  await dialog.getByRole("button", { name: "Start job" }).click();
  await expect(page).toHaveURL(/\/jobs\/[^/]+$/);
  const jobId = page.url().split("/").pop() ?? "";

  await expect(page.getByTestId("job-status")).toHaveAttribute("data-status", "running", { timeout: patience() });
  await expect(page.getByText("Step 2 of 2 · Triple check")).toBeVisible({ timeout: patience() });
  await page.getByRole("button", { name: "Cancel job" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Cancel job" }).click();

  await expect(page.getByTestId("job-status")).toHaveAttribute("data-status", "cancelled");
  await expect(page.getByText("cancelled by user").first()).toBeVisible();
  await expect(page.getByRole("button", { name: "Retry" })).toBeVisible();
  const detail = await trpcQuery<{ job: { status: string } }>(request, "jobs.get", { id: jobId, logLimit: 1 });
  expect(detail.job.status).toBe("cancelled");
});
