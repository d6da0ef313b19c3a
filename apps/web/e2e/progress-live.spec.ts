import { expect, test } from "@playwright/test";
import { patience } from "../../../packages/core/src/test-patience.ts";
import { trpcMutation, trpcQuery, uploadFile } from "./support/api.ts";

type TJobView = {
  job: { status: string; currentStep: number | null; progress: number };
  steps: { index: number; status: string }[];
};

const FINISHED = ["completed", "failed", "cancelled", "rejected"];

/** Enough rows that each step takes a noticeable while, so the run spans several seconds. */
function bigCsv(rows: number): string {
  const lines = ["id,name,city,score,when"];
  for (let i = 0; i < rows; i++)
    lines.push(`${i},  name ${i % 977} ,city ${i % 113},${(i * 7) % 1000},2024-01-${String((i % 28) + 1).padStart(2, "0")}`);
  return `${lines.join("\n")}\n`;
}

test("the job page follows the API within a second through a multi-second run, step by step", async ({ page, request }) => {
  const input = await uploadFile(request, "progress.csv", bigCsv(1_000_000));
  const workflow = await trpcMutation<{ id: string }>(request, "workflows.create", {
    name: "Progress follow",
    steps: [
      { name: "Load", type: "loading", config: { format: "csv" } },
      { name: "Profile", type: "profiling", config: {} },
      { name: "Clean", type: "preparing", config: { target: "clean" } },
      {
        name: "Check",
        type: "validation",
        config: { spec: { kind: "info_dict", rules: [{ metric: "row_count", operator: "gt", value: 0 }] } },
      },
      { name: "Export", type: "export", config: { format: "parquet" } },
    ],
  });
  const job = await trpcMutation<{ id: string }>(request, "workflows.execute", { workflowId: workflow.id, inputDataId: input.id });
  await page.goto(`/jobs/${job.id}`);
  const card = page.getByTestId("job-progress-card");
  await expect(card).toBeVisible();

  // The page records what it shows, and when, as it changes (in the browser, so a busy machine's
  // round trips do not blur the timing): progress, current step, status and completed steps.
  await page.evaluate(() => {
    const records: { t: number; progress: number; step: number; status: string; done: number; elapsed: boolean }[] = [];
    (window as unknown as { awRecords: typeof records }).awRecords = records;
    const record = () => {
      const card = document.querySelector('[data-testid="job-progress-card"]');
      if (!card) return;
      const step = card.getAttribute("data-current-step");
      const entry = {
        t: Date.now(),
        progress: Number(card.getAttribute("data-progress")),
        step: step ? Number(step) : -1,
        status: card.getAttribute("data-status") ?? "",
        done: document.querySelectorAll('[data-testid="job-steps"] [data-step-status="completed"]').length,
        // "Step 3 of 5 · Clean · 2s": the running step says how long it has run.
        elapsed: /· \d+ ?(ms|s|m)/.test(card.querySelector('[data-testid="job-progress-step"]')?.textContent ?? ""),
      };
      const last = records.at(-1);
      if (
        !last ||
        last.progress !== entry.progress ||
        last.step !== entry.step ||
        last.status !== entry.status ||
        last.done !== entry.done ||
        last.elapsed !== entry.elapsed
      )
        records.push(entry);
    };
    new MutationObserver(record).observe(document.body, { subtree: true, childList: true, attributes: true });
    record();
  });

  // Meanwhile the API's view, each change with the time it was first seen.
  const api: { t: number; progress: number; step: number; status: string; done: number }[] = [];
  const deadline = Date.now() + patience(2);
  for (;;) {
    const view = await trpcQuery<TJobView>(request, "jobs.get", { id: job.id, logLimit: 1 });
    const entry = {
      t: Date.now(),
      progress: view.job.progress,
      step: view.job.currentStep ?? -1,
      status: view.job.status,
      done: view.steps.filter((s) => s.status === "completed").length,
    };
    const last = api.at(-1);
    if (!last || last.progress !== entry.progress || last.step !== entry.step || last.status !== entry.status || last.done !== entry.done)
      api.push(entry);
    if (FINISHED.includes(entry.status)) break;
    expect(Date.now(), "the run did not finish in time").toBeLessThan(deadline);
  }
  // The page's last change may still be on its way.
  await expect(card).toHaveAttribute("data-status", "completed");
  await expect(page.getByTestId("job-steps").locator('[data-step-status="completed"]')).toHaveCount(5);
  const shown = await page.evaluate(
    () =>
      (window as unknown as { awRecords: { t: number; progress: number; step: number; status: string; done: number; elapsed: boolean }[] })
        .awRecords,
  );
  expect(
    shown.some((p) => p.status === "running" && p.elapsed),
    "the running step showed how long it had run",
  ).toBe(true);

  // The page never winds back: progress and step only move forward.
  for (let i = 1; i < shown.length; i++) {
    const [a, b] = [shown[i - 1]!, shown[i]!];
    expect(b.progress > a.progress || (b.progress === a.progress && b.step >= a.step), `page went back: ${JSON.stringify([a, b])}`).toBe(
      true,
    );
  }
  // Every state the API had, the page showed (or passed) within a second of the API having it.
  const running = api.filter((a) => a.status === "running" && a.step >= 0);
  expect(new Set(running.map((a) => a.step)).size, "the run spanned several steps while watched").toBeGreaterThan(1);
  for (const state of api.filter((a) => a.status === "running" || FINISHED.includes(a.status))) {
    const caughtUp = shown.find(
      (p) =>
        (FINISHED.includes(state.status)
          ? p.status === state.status
          : p.progress > state.progress || (p.progress === state.progress && p.step >= state.step)) && p.done >= state.done,
    );
    expect(caughtUp, `the page never showed ${JSON.stringify(state)}`).toBeDefined();
    expect(Math.max(0, caughtUp!.t - state.t), `lag behind ${JSON.stringify(state)}`).toBeLessThan(1_000);
  }
});
