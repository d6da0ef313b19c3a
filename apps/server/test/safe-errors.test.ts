import { TRPCClientError } from "@trpc/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type THarness } from "./harness.ts";

// An error nobody anticipated (here: the database lost its tables under the server) reaches the
// client as "internal error (request id …)" only, and the log keeps the cause with its stack.
describe("unexpected errors", () => {
  let h: THarness;
  beforeAll(async () => {
    h = await startServer();
    await h.core.db.$executeRawUnsafe(`ALTER TABLE "Workflow" RENAME TO "WorkflowGone"`);
    await h.core.db.$executeRawUnsafe(`ALTER TABLE "DataArtifact" RENAME TO "DataArtifactGone"`);
  });
  afterAll(async () => {
    await h.core.db.$executeRawUnsafe(`ALTER TABLE "WorkflowGone" RENAME TO "Workflow"`);
    await h.core.db.$executeRawUnsafe(`ALTER TABLE "DataArtifactGone" RENAME TO "DataArtifact"`);
    await h.close();
  });

  const loggedFor = (requestId: string) =>
    h.logs.filter((l) => l.requestId === requestId && l.level === 50 && l.msg === "unexpected error");

  it("in a tRPC procedure: the client reads only the request id, the log has the cause and its stack", async () => {
    const res = await fetch(`${h.url}/trpc/workflows.list?input=${encodeURIComponent(JSON.stringify({ json: {} }))}`);
    expect(res.status).toBe(500);
    const requestId = res.headers.get("x-request-id")!;
    const body = (await res.json()) as { error: { json: { message: string; data: { code: string; requestId: string } } } };
    expect(body.error.json.message).toBe(`internal error (request id ${requestId})`);
    expect(body.error.json.data).toMatchObject({ code: "INTERNAL_SERVER_ERROR", requestId });
    expect(JSON.stringify(body)).not.toMatch(/WorkflowGone|table|prisma|does not exist|\/tmp\//i);

    const [line] = loggedFor(requestId);
    expect(line).toMatchObject({ procedure: "workflows.list", err: { stack: expect.stringMatching(/Workflow/) } });
    // The request's own line says how it ended.
    expect(h.logs).toContainEqual(expect.objectContaining({ requestId, method: "GET", path: "/trpc/workflows.list", status: 500 }));
  });

  it("through the typed client too", async () => {
    const error = await h.trpc.workflows.list.query({}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCClientError);
    expect((error as Error).message).toMatch(/^internal error \(request id [\w-]+\)$/);
  });

  it("in a REST route: the same answer and the same log line", async () => {
    const res = await fetch(`${h.url}/api/v1/data/some-id/download`);
    expect(res.status).toBe(500);
    const requestId = res.headers.get("x-request-id")!;
    expect(await res.json()).toEqual({
      error: { code: "INTERNAL_SERVER_ERROR", message: `internal error (request id ${requestId})`, requestId },
    });
    expect(loggedFor(requestId)).toEqual([
      expect.objectContaining({
        path: "/api/v1/data/some-id/download",
        err: expect.objectContaining({ stack: expect.stringMatching(/DataArtifact/) }),
      }),
    ]);
  });

  it("errors a user can act on keep their message", async () => {
    await h.core.db.$executeRawUnsafe(`ALTER TABLE "DataArtifactGone" RENAME TO "DataArtifact"`);
    const res = await fetch(`${h.url}/api/v1/data/some-id/download`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/some-id/);
    await h.core.db.$executeRawUnsafe(`ALTER TABLE "DataArtifact" RENAME TO "DataArtifactGone"`);
  });
});
