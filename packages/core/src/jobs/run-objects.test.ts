import { describe, expect, it } from "vitest";
import { runObjectKeys } from "./run-objects.ts";

describe("runObjectKeys", () => {
  it("lists every file a job's steps stored under its own folder: checkpoints, links checkpoints and exports", () => {
    const step = (index: number, extra: Record<string, unknown>) => ({
      index,
      name: `s${index}`,
      type: "loading",
      status: "completed",
      startedAt: "",
      completedAt: "",
      metadata: {},
      checkpointKey: null,
      ...extra,
    });
    const keys = runObjectKeys({
      id: "j1",
      metadata: {
        steps: [
          step(0, { checkpointKey: "runs/j1/step-0.parquet", linksCheckpointKey: "runs/j1/step-0.links.parquet" }),
          // A retry from a failed step points at its original's checkpoints: those are not this job's to delete.
          step(1, { checkpointKey: "runs/j0/step-1.parquet", linksCheckpointKey: "runs/j0/step-1.links.parquet" }),
          step(2, {
            checkpointKey: "runs/j1/step-2.parquet",
            linksCheckpointKey: "runs/j1/step-0.links.parquet",
            metadata: { output: { storageKey: "runs/j1/result.json" } },
          }),
        ],
      },
    });
    expect(keys.sort()).toEqual([
      "runs/j1/result.json",
      "runs/j1/step-0.links.parquet",
      "runs/j1/step-0.parquet",
      "runs/j1/step-2.parquet",
    ]);
  });
});
