// Below DISK_MIN_FREE_BYTES the server takes no new work: uploads get 507, runs SERVICE_UNAVAILABLE, each with the reason.
import { TRPCClientError } from "@trpc/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, storedFiles, uploadFile, type THarness } from "./harness.ts";

const FLOOR_MESSAGE = /^the server's disk has .+ free, less than the .+ it keeps \(DISK_MIN_FREE_BYTES\); try again once space is freed$/;

describe("a server whose disk is below the floor", () => {
  let h: THarness;
  beforeAll(async () => {
    // No disk has this much free, so the floor is never met.
    h = await startServer({ env: { DISK_MIN_FREE_BYTES: String(Number.MAX_SAFE_INTEGER) } });
  });
  afterAll(() => h?.close());

  it("answers an upload with 507 and the reason, and stores nothing", async () => {
    const res = await uploadFile(h, "points.csv", "id,x\n1,2\n");
    expect(res.status).toBe(507);
    expect(await res.json()).toMatchObject({ error: { code: "INSUFFICIENT_STORAGE", message: expect.stringMatching(FLOOR_MESSAGE) } });
    expect(await storedFiles(h)).toEqual([]);
  });

  it("refuses to run a workflow with SERVICE_UNAVAILABLE and the reason, creating no job", async () => {
    const workflow = await h.trpc.workflows.create.mutate({
      name: "export only",
      steps: [{ name: "Export", type: "export", config: { format: "csv" } }],
    });
    const err = await h.trpc.workflows.execute.mutate({ workflowId: workflow.id }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(TRPCClientError);
    expect(err).toMatchObject({ data: { code: "SERVICE_UNAVAILABLE" }, message: expect.stringMatching(FLOOR_MESSAGE) });
    expect((await h.trpc.jobs.list.query({})).total).toBe(0);
  });
});
