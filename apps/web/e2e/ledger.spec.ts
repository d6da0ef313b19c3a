import { expect, test } from "@playwright/test";
import { trpcMutation, uploadFile } from "./support/api.ts";
import { snap, snapPart } from "./support/screenshots.ts";

/** Five rows: one with every field blank, null words in `age`, padded text in `name` and `city`. */
const MESSY =
  ["id,name,city,age", "1,  Alice ,Paris,34", "2,Bob,Lyon,NA", ",,,", "3,Carol,  Nice,null", "4,Dan,Paris,41"].join("\n") + "\n";

test("a clean step's change ledger reads in words when approving it, on the job page and in the run report", async ({ page, request }) => {
  await uploadFile(request, "messy-people.csv", MESSY);
  const workflow = await trpcMutation<{ id: string }>(request, "workflows.create", {
    name: "Clean messy people",
    description: "Trim text, read null words as NULL, drop empty rows",
    steps: [
      { name: "Load", type: "loading", config: { format: "csv" } },
      { name: "Clean", type: "preparing", requireApproval: true, config: { target: "clean" } },
    ],
  });

  await page.goto(`/workflows/${workflow.id}`);
  await page.getByRole("button", { name: "Run", exact: true }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Input dataset").click();
  await page.getByRole("option", { name: /messy-people\.csv/ }).click();
  await dialog.getByRole("button", { name: "Start job" }).click();
  await expect(page).toHaveURL(/\/jobs\/[^/]+$/);

  // Whoever approves the step sees what it did before the workflow goes on.
  const approval = page.getByTestId("approval-panel");
  await expect(approval).toBeVisible({ timeout: 60_000 });
  const preview = approval.getByRole("group", { name: "Change ledger" });
  await expect(preview.getByTestId("ledger-rows")).toHaveText("5 rows in → 4 rows out");
  await expect(preview.getByTestId("ledger-removed")).toContainText("every value of the row empty");
  await snapPart(approval, "approval-ledger");
  await approval.getByRole("button", { name: "Approve and continue" }).click();
  await expect(page.getByTestId("job-status")).toHaveAttribute("data-status", "completed", { timeout: 60_000 });

  // The clean step says what it did: rows in and out, the blank row and why, and each value it changed.
  const clean = page.getByRole("button", { name: /^2\. Clean/ });
  await expect(clean).toContainText("5 → 4 rows");
  await clean.click();
  const ledger = page.getByTestId("job-steps").getByRole("group", { name: "Change ledger" });
  await expect(ledger.getByTestId("ledger-rows")).toHaveText("5 rows in → 4 rows out");
  const removed = ledger.getByTestId("ledger-removed");
  await expect(removed).toContainText("1 row removed: every value of the row empty");
  const values = ledger.getByRole("group", { name: "Values changed" });
  await expect(values).toContainText('whitespace trimmed; "", "na", "n/a", "null", "nan" read as NULL');
  await expect(values.getByTestId("ledger-value").filter({ hasText: "age:" })).toContainText("age: 2 null words → NULL");
  const name = values.getByTestId("ledger-value").filter({ hasText: "name:" });
  await expect(name).toContainText("name: 1 value trimmed");
  await expect(name.getByText('"  Alice " → "Alice"')).toBeVisible();
  await expect(ledger.getByRole("group", { name: "Columns" })).toContainText("age retyped VARCHAR → BIGINT");

  // The removed row opens as a small table of its (empty) values.
  await removed.getByRole("button", { name: "Show the row" }).click();
  const rows = removed.getByRole("table", { name: "Rows removed: every value of the row empty" });
  await expect(rows).toBeVisible();
  await expect(rows.getByRole("columnheader", { name: "city" })).toBeVisible();
  await expect(rows.getByRole("cell", { name: "NULL" }).first()).toBeVisible();
  await snap(page, "job-ledger");
  await snapPart(ledger, "job-ledger-close-up");

  // The run summary sums each step up in one line: rows, columns and values; the raw report is one click away.
  const result = page.getByTestId("result-panel");
  await result.getByRole("tab", { name: "Run summary" }).click();
  const cleanRow = page.getByRole("table", { name: "What each step did" }).getByRole("row").filter({ hasText: "Clean" });
  await expect(cleanRow).toContainText("5 rows in → 4 rows out, 1 removed");
  await expect(cleanRow).toContainText("1 retyped");
  await expect(cleanRow).toContainText(/values? changed in \d+ columns?/);
  const raw = result.getByTestId("raw-report");
  await expect(raw.getByTestId("json-view")).toBeHidden();
  await raw.getByText("Raw report (JSON)").click();
  await expect(raw.getByTestId("json-view")).toBeVisible();
});
