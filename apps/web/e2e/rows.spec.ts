import { expect, test } from "@playwright/test";
import { uploadFile } from "./support/api.ts";

test("a dataset's rows scroll over the whole table: the scrollbar spans every row, the end is one move away, and Go to row jumps anywhere", async ({
  page,
  request,
}) => {
  const total = 42_049;
  const lines = ["id,label,score"];
  for (let i = 1; i <= total; i++) lines.push(`${i},row ${i},${(i * 37) % 101}`);
  const data = await uploadFile(request, "forty-two-thousand.csv", lines.join("\n") + "\n");

  await page.goto(`/data/${data.id}`);
  await page.getByRole("tab", { name: "Rows" }).click();
  const table = page.getByTestId("virtual-table");
  await expect(page.getByTestId("rows-summary")).toHaveText("42,049 rows · 3 columns");
  await expect(table.getByRole("cell", { name: "row 1", exact: true })).toBeVisible();
  // Only the visible rows are in the DOM, yet the scrollbar is sized for all of them.
  expect(await table.getByRole("row").count()).toBeLessThan(80);
  expect(await table.evaluate((el) => el.scrollHeight)).toBeGreaterThan(total * 30);

  // The last row is one scroll away; its page is fetched when it comes into view.
  await table.evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await expect(table.getByRole("cell", { name: `row ${total}`, exact: true })).toBeVisible();

  // Go to row jumps to any row.
  await page.getByRole("textbox", { name: "Go to row" }).fill("21000");
  await page.getByRole("textbox", { name: "Go to row" }).press("Enter");
  await expect(table.getByRole("cell", { name: "row 21000", exact: true })).toBeVisible();
  await expect(table.getByRole("row").filter({ hasText: "row 21000" }).getByRole("cell").first()).toHaveText("21000");

  // Sorting happens on the server over all rows: score descending puts a 100 first.
  await table.getByRole("button", { name: "Sort by score" }).click();
  await table.getByRole("button", { name: "Sort by score" }).click();
  await expect(table.getByRole("columnheader", { name: /score/ })).toHaveAttribute("aria-sort", "descending");
  await table.evaluate((el) => el.scrollTo(0, 0));
  await expect(table.getByRole("row").nth(1).getByRole("cell").nth(3)).toHaveText("100");

  // So does filtering: the count says how many rows match, and only they are listed.
  await page.getByRole("combobox", { name: "Filter column" }).click();
  await page.getByRole("option", { name: "label", exact: true }).click();
  await page.getByRole("textbox", { name: "Filter value" }).fill("row 4204");
  await expect(page.getByTestId("rows-summary")).toHaveText("11 rows match · 3 columns");
  await expect(table.getByRole("cell", { name: "row 42049", exact: true })).toBeVisible();
});

test("columns resize by dragging a header's edge or with the arrow keys, and a double click gives back the automatic width", async ({
  page,
  request,
}) => {
  const lines = ["id,description,score"];
  for (let i = 1; i <= 300; i++) lines.push(`${i},"a long description of row ${i} that does not fit a narrow column",${i % 7}`);
  const data = await uploadFile(request, "descriptions.csv", lines.join("\n") + "\n");

  await page.goto(`/data/${data.id}`);
  await page.getByRole("tab", { name: "Rows" }).click();
  const table = page.getByTestId("virtual-table");
  const header = table.getByRole("columnheader", { name: /description/ });
  const cell = table.getByRole("row").nth(1).getByRole("cell").nth(2);
  await expect(cell).toContainText("a long description of row 1");
  const width = async (locator: typeof header) => (await locator.boundingBox())!.width;
  const automatic = await width(header);

  // Drag the right edge 150 px further: the header and the column's cells widen by as much.
  const edge = table.getByRole("separator", { name: "Resize column description" });
  const box = (await edge.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 75, box.y + box.height / 2, { steps: 3 });
  await page.mouse.move(box.x + box.width / 2 + 150, box.y + box.height / 2, { steps: 3 });
  await page.mouse.up();
  await expect.poll(() => width(header)).toBeCloseTo(automatic + 150, -1);
  expect(await width(cell)).toBeCloseTo(await width(header), 0);
  await expect(edge).toHaveAttribute("aria-valuenow", String(Math.round(automatic + 150)));

  // The arrow keys move the edge 20 px at a time.
  await edge.focus();
  await edge.press("ArrowLeft");
  await edge.press("ArrowLeft");
  await expect.poll(() => width(header)).toBeCloseTo(automatic + 110, -1);

  // A double click hands the column back to its automatic width.
  await edge.dblclick();
  await expect.poll(() => width(header)).toBeCloseTo(automatic, 0);
});
