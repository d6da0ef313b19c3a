import { expect, test, type Response } from "@playwright/test";
import { uploadFile } from "./support/api.ts";

/** A marker only ECharts' code carries, whatever its chunk is called. */
const isChartCode = async (script: Response) => (await script.text()).includes("__ec_inner_");

test("charts load only with a page that draws them, and scripts arrive compressed and cached for good", async ({ page, request }) => {
  const data = await uploadFile(request, "weights.csv", "id,kg\n1,3.5\n2,4.25\n3,5\n");
  const scripts: Response[] = [];
  page.on("response", (response) => {
    if (new URL(response.url()).pathname.endsWith(".js")) scripts.push(response);
  });

  // A page without charts: no chart code is fetched, preloaded or not.
  await page.goto("/workflows");
  await expect(page.getByRole("heading", { name: "Workflows" })).toBeVisible();
  expect(scripts.length).toBeGreaterThan(0);
  for (const script of scripts) {
    expect(await isChartCode(script), `${script.url()} holds chart code`).toBe(false);
    const headers = await script.allHeaders();
    expect(headers["cache-control"], script.url()).toContain("immutable");
    // Compressing a few hundred bytes gains nothing; everything larger arrives compressed.
    if ((await script.body()).length >= 1024) expect(headers["content-encoding"] ?? "none", script.url()).toMatch(/^(br|gzip)$/);
  }

  // A dataset's profile draws histograms: the chart code comes with it.
  const before = scripts.length;
  await page.goto(`/data/${data.id}`);
  await expect(page.getByTestId("column-profile").filter({ hasText: "kg" }).getByTestId("echart")).toBeVisible();
  const charts = [];
  for (const script of scripts.slice(before)) if (await isChartCode(script)) charts.push(script.url());
  expect(charts).toHaveLength(1);
});
