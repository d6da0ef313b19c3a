import { expect, type Page, test } from "@playwright/test";
import { patience } from "../../../packages/core/src/test-patience.ts";
import { trpcMutation, trpcQuery, uploadFile, waitForJobStatus } from "./support/api.ts";
import { expectNoSeriousA11yViolations } from "./support/axe.ts";

const CSV = "id,name,city,score\n1,Ann,Oslo,3\n2,Bob,Bergen,4\n3,Cid,Oslo,5\n4,Dan,Tromsø,\n";

const finished = (request: Parameters<typeof trpcQuery>[0], id: string, statuses: string[]) =>
  waitForJobStatus(request, id, statuses, patience(2));

/** Every page a user reaches, with its data in place, in light and dark mode and on a phone-sized screen. */
test("every page passes axe-core without serious or critical violations, light and dark, wide and narrow", async ({ page, request }) => {
  test.setTimeout(patience(8));
  const input = await uploadFile(request, "people.csv", CSV);
  await expect
    .poll(
      async () => (await trpcQuery<{ metadata: { profileStatus?: string } }>(request, "data.get", { id: input.id })).metadata.profileStatus,
      {
        timeout: patience(),
      },
    )
    .toBe("ready");
  const workflow = await trpcMutation<{ id: string }>(request, "workflows.create", {
    name: "Accessible run",
    steps: [
      { name: "Load", type: "loading", config: { format: "csv" } },
      { name: "Clean", type: "preparing", config: { target: "clean" } },
      { name: "Export", type: "export", config: { format: "csv" } },
    ],
  });
  const completed = await trpcMutation<{ id: string }>(request, "workflows.execute", { workflowId: workflow.id, inputDataId: input.id });
  await finished(request, completed.id, ["completed"]);
  const failing = await trpcMutation<{ id: string }>(request, "workflows.create", {
    name: "Failing check",
    steps: [
      { name: "Load", type: "loading", config: { format: "csv" } },
      {
        name: "Check",
        type: "validation",
        config: { spec: { kind: "info_dict", rules: [{ metric: "row_count", operator: "gt", value: 100 }] } },
      },
    ],
  });
  const failed = await trpcMutation<{ id: string }>(request, "workflows.execute", { workflowId: failing.id, inputDataId: input.id });
  await finished(request, failed.id, ["failed"]);
  const review = await trpcMutation<{ id: string }>(request, "workflows.create", {
    name: "Needs review",
    steps: [{ name: "Load", type: "loading", requireApproval: true, config: { format: "csv" } }],
  });
  const waiting = await trpcMutation<{ id: string }>(request, "workflows.execute", { workflowId: review.id, inputDataId: input.id });
  await finished(request, waiting.id, ["awaiting_approval"]);

  const pages: { path: string; ready: (p: Page) => Promise<void> }[] = [
    { path: "/", ready: (p) => expect(p.getByRole("heading", { name: "Dashboard" })).toBeVisible() },
    { path: "/data", ready: (p) => expect(p.getByTestId("data-table")).toBeVisible() },
    { path: `/data/${input.id}`, ready: (p) => expect(p.getByTestId("column-profile").first()).toBeVisible() },
    { path: "/workflows", ready: (p) => expect(p.getByText("Accessible run").first()).toBeVisible() },
    { path: "/workflows/new", ready: (p) => expect(p.getByTestId("step-card").first()).toBeVisible() },
    { path: `/workflows/${workflow.id}`, ready: (p) => expect(p.getByTestId("step-card").first()).toBeVisible() },
    { path: "/jobs", ready: (p) => expect(p.getByTestId("jobs-table")).toBeVisible() },
    { path: `/jobs/${completed.id}`, ready: (p) => expect(p.getByTestId("result-panel")).toBeVisible() },
    { path: `/jobs/${failed.id}`, ready: (p) => expect(p.getByTestId("job-error")).toBeVisible() },
    { path: `/jobs/${waiting.id}`, ready: (p) => expect(p.getByTestId("approval-panel")).toBeVisible() },
    { path: "/no-such-page", ready: (p) => expect(p.getByText("Page not found")).toBeVisible() },
  ];
  for (const scheme of ["light", "dark"] as const) {
    await page.goto("/");
    await page.evaluate((s) => localStorage.setItem("mantine-color-scheme-value", s), scheme);
    for (const viewport of [
      { width: 1440, height: 900 },
      { width: 390, height: 844 },
    ]) {
      await page.setViewportSize(viewport);
      for (const { path, ready } of pages) {
        await page.goto(path);
        await expect(page.locator("html")).toHaveAttribute("data-mantine-color-scheme", scheme);
        await ready(page);
        await expectNoSeriousA11yViolations(page, `${path} (${scheme}, ${viewport.width} px)`);
        // Status badges are read whole at any width, never cut to "Co…".
        for (const label of await page.locator('[data-testid="job-status"] .mantine-Badge-label').all()) {
          expect(await label.evaluate((e) => e.scrollWidth <= e.clientWidth), `${path}: a status badge is cut off`).toBe(true);
        }
      }
    }
  }
});

test("dialogs start on their first field, and a skip link leads to the content", async ({ page, request }) => {
  const workflow = await trpcMutation<{ id: string }>(request, "workflows.create", {
    name: "Focus check",
    steps: [{ name: "Load", type: "loading", config: { format: "csv" } }],
  });
  await page.goto(`/workflows/${workflow.id}`);
  await expect(page.getByTestId("step-card").first()).toBeVisible();
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  await skip.press("Enter");
  await expect(page.locator("#main-content")).toBeFocused();

  await page.getByRole("button", { name: "Run", exact: true }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByLabel("Input dataset")).toBeFocused();
  await expectNoSeriousA11yViolations(page, "the run dialog");
});
