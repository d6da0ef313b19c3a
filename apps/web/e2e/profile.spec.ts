import { expect, test } from "@playwright/test";
import { uploadFile } from "./support/api.ts";

test("a column profile counts distinct values exactly in a small table and shares them over non-null values", async ({ page, request }) => {
  const data = await uploadFile(request, "sparse-notes.csv", "id,note,kind\n1,a,x\n2,,x\n3,b,x\n4,,y\n5,c,y\n6,,y\n");
  await page.goto(`/data/${data.id}`);
  // Three different notes in three filled cells: none repeats, although half the cells are empty.
  const note = page.getByTestId("column-profile").filter({ hasText: "note" });
  await expect(note.getByText("3 (50%)", { exact: true })).toBeVisible();
  await expect(note.getByText("3", { exact: true })).toBeVisible();
  await expect(note.getByText("100%", { exact: true })).toBeVisible();
  const kind = page.getByTestId("column-profile").filter({ hasText: "kind" });
  await expect(kind.getByText("2", { exact: true })).toBeVisible();
  await expect(kind.getByText("33%", { exact: true })).toBeVisible();
  await expect(page.getByTestId("column-profile").getByText(/≈/)).toHaveCount(0);
});
