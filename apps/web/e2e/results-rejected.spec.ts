import { expect, test } from "@playwright/test";
import { patience } from "../../../packages/core/src/test-patience.ts";
import { trpcMutation, trpcQuery, uploadFile, waitForJobStatus } from "./support/api.ts";

const CSV = "id,name,score\n1,Ann,3\n2,Bob,4\n3,Cid,5\n";

type TJobView = { job: { id: string; status: string; resultDataId: string | null } };

async function finished(request: Parameters<typeof trpcQuery>[0], id: string, statuses: string[]) {
  await waitForJobStatus(request, id, statuses, patience(2));
  return trpcQuery<TJobView>(request, "jobs.get", { id, logLimit: 1 });
}

test("results are named <input>.<workflow>.<ext>, distinct per run, and the job list shows input → result with one run-id format", async ({
  page,
  request,
}) => {
  const input = await uploadFile(request, "scores.csv", CSV);
  const workflow = await trpcMutation<{ id: string }>(request, "workflows.create", {
    name: "Score cleanup",
    steps: [
      { name: "Load", type: "loading", config: { format: "csv" } },
      { name: "Export", type: "export", config: { format: "csv" } },
    ],
  });
  const jobs: string[] = [];
  for (let i = 0; i < 2; i++) {
    const job = await trpcMutation<{ id: string }>(request, "workflows.execute", { workflowId: workflow.id, inputDataId: input.id });
    expect((await finished(request, job.id, ["completed", "failed"])).job.status).toBe("completed");
    jobs.push(job.id);
  }

  await page.goto("/jobs");
  const rows = page.getByTestId("jobs-table").getByRole("row");
  const first = rows.filter({ hasText: jobs[0]!.slice(-8) });
  const second = rows.filter({ hasText: jobs[1]!.slice(-8) });
  await expect(first.getByTestId("job-input-result")).toHaveText("scores.csv→scores.score-cleanup.csv");
  await expect(second.getByTestId("job-input-result")).toHaveText("scores.csv→scores.score-cleanup-2.csv");

  await second.getByRole("link", { name: "scores.score-cleanup-2.csv" }).click();
  await expect(page).toHaveURL(/\/data\/[^/]+$/);
  await expect(page.getByRole("heading", { name: "scores.score-cleanup-2.csv" })).toBeVisible();

  await page.goto(`/jobs/${jobs[1]}`);
  await expect(page.getByRole("heading", { level: 2 }).first()).toContainText(`run ${jobs[1]!.slice(-8)}`);
  await expect(page.getByTestId("result-filename")).toHaveText("scores.score-cleanup-2.csv");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("download-result").click()]);
  expect(download.suggestedFilename()).toBe("scores.score-cleanup-2.csv");
});

test("a rejected job says Rejected, its step is marked rejected with the reason, and Reject asks for confirmation", async ({
  page,
  request,
}) => {
  const input = await uploadFile(request, "to-review.csv", CSV);
  const workflow = await trpcMutation<{ id: string }>(request, "workflows.create", {
    name: "Reviewed load",
    steps: [
      { name: "Load", type: "loading", requireApproval: true, config: { format: "csv" } },
      { name: "Export", type: "export", config: { format: "csv" } },
    ],
  });
  const job = await trpcMutation<{ id: string }>(request, "workflows.execute", { workflowId: workflow.id, inputDataId: input.id });
  await page.goto(`/jobs/${job.id}`);
  const approval = page.getByTestId("approval-panel");
  await expect(approval).toBeVisible({ timeout: patience(2) });
  await approval.getByLabel("Comment").fill("Scores are out of range");
  await approval.getByRole("button", { name: "Reject" }).click();

  // Nothing happens until the confirmation; going back keeps the job waiting.
  const confirm = page.getByRole("dialog", { name: /Reject step 1/ });
  await expect(confirm).toContainText("Scores are out of range");
  await confirm.getByRole("button", { name: "Back" }).click();
  await expect(confirm).toBeHidden();
  expect((await trpcQuery<TJobView>(request, "jobs.get", { id: job.id, logLimit: 1 })).job.status).toBe("awaiting_approval");

  await approval.getByRole("button", { name: "Reject" }).click();
  await page
    .getByRole("dialog", { name: /Reject step 1/ })
    .getByRole("button", { name: "Reject the job" })
    .click();
  await expect(page.getByTestId("job-status")).toHaveAttribute("data-status", "rejected");
  await expect(page.getByTestId("job-status")).toHaveText("Rejected");
  await expect(page.getByTestId("job-rejected")).toContainText("Scores are out of range");
  const step = page.locator('[data-step-status="rejected"]');
  await expect(step.getByTestId("step-rejected")).toBeVisible();
  await expect(step.getByTestId("step-rejection")).toContainText("“Scores are out of range”");
  await expect(page.locator('[data-step-status="completed"]')).toHaveCount(0);

  await page.goto("/jobs?status=rejected");
  await expect(
    page
      .getByTestId("jobs-table")
      .getByRole("row")
      .filter({ hasText: job.id.slice(-8) }),
  ).toContainText("Rejected");
});
