import { expect, test } from "@playwright/test";
import { patience } from "../../../packages/core/src/test-patience.ts";
import { trpcMutation, uploadFile, waitForJobStatus } from "./support/api.ts";

// A small graph in one document: points with positions, and the links between them.
const GRAPH = JSON.stringify({
  nodes: [
    { id: "a", x: 0, y: 0 },
    { id: "b", x: 1, y: 0 },
    { id: "c", x: 1, y: 1 },
    { id: "d", x: 0, y: 1 },
    { id: "e", x: 0.5, y: 0.5 },
  ],
  links: [
    { source: "a", target: "b" },
    { source: "b", target: "c" },
    { source: "c", target: "d" },
    { source: "d", target: "e" },
  ],
});

test("the Cosmograph preview draws the links between the points when the result has both", async ({ page, request }) => {
  const input = await uploadFile(request, "graph.json", GRAPH, "application/json");
  const workflow = await trpcMutation<{ id: string }>(request, "workflows.create", {
    name: "Graph to Cosmograph",
    steps: [
      { name: "Load", type: "loading", config: { format: "json" } },
      { name: "Prepare", type: "preparing", config: { target: "cosmo-ready" } },
    ],
  });
  const job = await trpcMutation<{ id: string }>(request, "workflows.execute", { workflowId: workflow.id, inputDataId: input.id });
  await waitForJobStatus(request, job.id, ["completed"], patience(2));

  await page.goto(`/jobs/${job.id}`);
  const preview = page.getByTestId("cosmo-preview");
  await expect(preview).toBeVisible();
  await expect(preview.getByTestId("echart")).toHaveAccessibleName("Cosmograph preview: 5 points, 4 links drawn");
  await expect(preview).toContainText("showing 4 of 4 links");
});
