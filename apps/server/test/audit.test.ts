import type { TJobStatus } from "@aw/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportCsvStep, loadStep, POINTS_CSV } from "./job-fixtures.ts";
import { startServer, testProviders, uploadFile, type THarness } from "./harness.ts";

describe.each(await testProviders())("audit log (%s)", (provider) => {
  let h: THarness;
  beforeAll(async () => {
    h = await startServer({ provider, env: { AW_API_TOKEN: "audit-token" } });
  });
  afterAll(() => h.close());

  async function reached(id: string, statuses: TJobStatus[]) {
    for (const deadline = Date.now() + 30_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 50))) {
      const { job } = await h.trpc.jobs.get.query({ id, logLimit: 1 });
      if (statuses.includes(job.status)) return job;
    }
    throw new Error(`job ${id} did not reach ${statuses.join("|")}`);
  }

  const latest = async (action: string) => (await h.trpc.audit.list.query({ action: action as never, pageSize: 1 })).items[0];

  it("records every action with its actor, target, address and request id", async () => {
    const uploaded = await uploadFile(h, "points.csv", POINTS_CSV);
    const artifact = (await uploaded.json()) as { id: string };
    expect(await latest("data.upload")).toMatchObject({
      actorName: "api token",
      via: "serviceToken",
      actorUserId: null,
      targetType: "artifact",
      targetId: artifact.id,
      summary: expect.stringMatching(/^uploaded points\.csv/),
      ip: expect.stringMatching(/127\.0\.0\.1/),
      requestId: uploaded.headers.get("x-request-id"),
    });

    const approval = { ...loadStep, requireApproval: true };
    const workflow = await h.trpc.workflows.create.mutate({ name: "Audited", steps: [approval, exportCsvStep] });
    expect(await latest("workflow.create")).toMatchObject({
      targetType: "workflow",
      targetId: workflow.id,
      summary: 'created workflow "Audited"',
    });
    await h.trpc.workflows.update.mutate({ id: workflow.id, name: "Audited", steps: [approval, exportCsvStep] });
    expect(await latest("workflow.update")).toMatchObject({ targetId: workflow.id, details: { version: 2 } });

    const approved = await h.trpc.workflows.execute.mutate({ workflowId: workflow.id, inputDataId: artifact.id });
    expect(await latest("job.create")).toMatchObject({ targetType: "job", targetId: approved.id, details: { inputDataId: artifact.id } });
    await reached(approved.id, ["awaiting_approval"]);
    await h.trpc.jobs.approve.mutate({ id: approved.id, comment: "looks right" });
    expect(await latest("job.approve")).toMatchObject({ targetId: approved.id, details: { comment: "looks right" } });

    const rejected = await h.trpc.jobs.create.mutate({ workflowId: workflow.id, inputDataId: artifact.id });
    await reached(rejected.id, ["awaiting_approval"]);
    await h.trpc.jobs.reject.mutate({ id: rejected.id, comment: "wrong delimiter" });
    expect(await latest("job.reject")).toMatchObject({ targetId: rejected.id, details: { comment: "wrong delimiter" } });

    const cancelled = await h.trpc.jobs.create.mutate({ workflowId: workflow.id, inputDataId: artifact.id, start: false });
    await h.trpc.jobs.cancel.mutate({ id: cancelled.id });
    expect(await latest("job.cancel")).toMatchObject({ targetId: cancelled.id });
    const retried = await h.trpc.jobs.retry.mutate({ id: cancelled.id });
    expect(await latest("job.retry")).toMatchObject({ targetId: retried.id, details: { retryOf: cancelled.id, fromStep: "start" } });
    await reached(retried.id, ["awaiting_approval"]);
    await h.trpc.jobs.cancel.mutate({ id: retried.id });
    await reached(approved.id, ["completed"]);

    await h.trpc.workflows.delete.mutate({ id: workflow.id });
    expect(await latest("workflow.delete")).toMatchObject({ targetId: workflow.id });
    await h.trpc.data.delete.mutate({ id: artifact.id, force: true });
    expect(await latest("data.delete")).toMatchObject({ targetType: "artifact", targetId: artifact.id });
  });

  it("filters by actor, action and time range, newest first, in pages", async () => {
    const all = await h.trpc.audit.list.query({ pageSize: 200 });
    expect(all.total).toBeGreaterThanOrEqual(12);
    const times = all.items.map((e) => e.at.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const page2 = await h.trpc.audit.list.query({ page: 2, pageSize: 3 });
    expect(page2.items.map((e) => e.id)).toEqual(all.items.slice(3, 6).map((e) => e.id));

    expect((await h.trpc.audit.list.query({ action: "job.cancel" })).total).toBe(2);
    expect((await h.trpc.audit.list.query({ actor: "api token" })).total).toBe(all.total);
    expect((await h.trpc.audit.list.query({ actor: "someone else" })).total).toBe(0);
    expect(await h.trpc.audit.actors.query()).toEqual(["api token"]);
    const oldest = all.items.at(-1)!.at;
    expect((await h.trpc.audit.list.query({ to: new Date(oldest.getTime() - 1) })).total).toBe(0);
    expect((await h.trpc.audit.list.query({ from: oldest })).total).toBe(all.total);
    await expect(h.trpc.audit.list.query({ from: new Date(), to: oldest })).rejects.toMatchObject({
      message: "to: must not be before from",
    });
    await expect(h.trpc.audit.list.query({ action: "data.steal" as never })).rejects.toMatchObject({ data: { code: "BAD_REQUEST" } });
  });

  it("never stores credentials in details, and keeps events AUDIT_RETENTION_DAYS", async () => {
    const actor = { userId: "u1", name: "ada", role: "admin", via: "session" } as const;
    const details = { email: "ada@example.com", password: "hunter2", nested: { apiKey: "k", token: "t", kept: 1 } };
    await h.core.audit.record({ actor, action: "auth.sign_in_failed", summary: "sign-in failed", details });
    const event = await latest("auth.sign_in_failed");
    expect(event?.details).toEqual({ email: "ada@example.com", nested: { kept: 1 } });

    const total = (await h.trpc.audit.list.query({})).total;
    const days = h.core.config.AUDIT_RETENTION_DAYS;
    expect(days).toBe(365);
    expect(await h.core.audit.sweep({ days })).toBe(0);
    const later = new Date(Date.now() + (days + 1) * 24 * 3600 * 1000);
    expect(await h.core.audit.sweep({ days, now: later })).toBe(total);
    expect((await h.trpc.audit.list.query({})).total).toBe(0);
  });
});

describe("audit actor without a token", () => {
  let h: THarness;
  beforeAll(async () => {
    h = await startServer();
  });
  afterAll(() => h.close());

  it("records anonymous callers as such", async () => {
    await h.trpc.workflows.create.mutate({ name: "Anon", steps: [loadStep] });
    const [event] = (await h.trpc.audit.list.query({ actor: "anonymous" })).items;
    expect(event).toMatchObject({ action: "workflow.create", via: "anonymous", actorName: "anonymous" });
  });
});
