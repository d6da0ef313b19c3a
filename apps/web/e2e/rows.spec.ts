import { expect, test } from "@playwright/test";
import { uploadFile } from "./support/api.ts";

test("a dataset's rows scroll in a virtualized table that loads more as it goes", async ({ page, request }) => {
  const lines = ["id,label,score"];
  for (let i = 1; i <= 3000; i++) lines.push(`${i},row ${i},${(i * 37) % 101}`);
  const data = await uploadFile(request, "three-thousand.csv", lines.join("\n") + "\n");

  await page.goto(`/data/${data.id}`);
  await page.getByRole("tab", { name: "Rows" }).click();
  const table = page.getByTestId("virtual-table");
  await expect(page.getByText("500 of 3,000 rows loaded")).toBeVisible();
  await expect(table.getByRole("cell", { name: "row 1", exact: true })).toBeVisible();
  // Only the visible rows are in the DOM.
  expect(await table.getByRole("row").count()).toBeLessThan(80);

  await table.evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await expect(page.getByText("1,000 of 3,000 rows loaded")).toBeVisible();
  await expect(table.getByRole("cell", { name: "row 500", exact: true })).toBeVisible();
});
