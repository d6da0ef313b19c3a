import net from "node:net";
import type { TJobLogEntry, TJobState } from "@aw/core";
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink } from "@trpc/client";
import { EventSource } from "eventsource";
import superjson from "superjson";
import { patience } from "../../../packages/core/src/test-patience.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppRouter } from "../src/trpc/router.ts";
import { startServer, uploadFile, type THarness } from "./harness.ts";
import { collect } from "./subscriptions.ts";
import { exportCsvStep as exportCsv, loadStep as load, POINTS_CSV as CSV, slowCheckStep as slowCheck } from "./job-fixtures.ts";

let h: THarness;
let inputId: string;
beforeAll(async () => {
  h = await startServer();
  const res = await uploadFile(h, "points.csv", CSV);
  inputId = ((await res.json()) as { id: string }).id;
});
afterAll(() => h?.close());

async function until(check: () => boolean, timeoutMs = patience()) {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe("jobs over real HTTP: tRPC subscriptions on SSE", () => {
  it("streams state changes and logs live until the job completes", async () => {
    const wf = await h.trpc.workflows.create.mutate({ name: "sse", steps: [load, exportCsv] });
    const job = await h.trpc.jobs.create.mutate({ workflowId: wf.id, inputDataId: inputId, start: false });

    const states = collect<TJobState>((handlers) => h.trpc.jobs.onJob.subscribe({ id: job.id }, handlers));
    const logs = collect<TJobLogEntry>((handlers) => h.trpc.jobs.onLogs.subscribe({ id: job.id }, handlers));
    await until(() => states.items.length > 0); // the current state comes first
    expect(states.items[0]).toMatchObject({ id: job.id, status: "created", progress: 0 });

    await h.trpc.jobs.execute.mutate({ id: job.id });
    await Promise.all([states.done, logs.done]);

    const statuses = states.items.map((s) => s.status);
    expect(statuses).toContain("running");
    expect(statuses.at(-1)).toBe("completed");
    expect(states.items.at(-1)).toMatchObject({ progress: 100, resultDataId: expect.any(String) });
    const progress = states.items.map((s) => s.progress);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(new Set(states.ids).size).toBe(states.ids.length);

    const stored = (await h.trpc.jobs.get.query({ id: job.id, logLimit: 1000 })).logs;
    expect(logs.items.map((l) => l.sequence)).toEqual(stored.map((l) => l.sequence));
    expect(logs.ids).toEqual(stored.map((l) => String(l.sequence)));
    expect(logs.items.at(-1)!.message).toMatch(/^completed/);
  });

  it("resumes logs after lastEventId without gaps or duplicates, and sends no stale state", async () => {
    const wf = await h.trpc.workflows.create.mutate({ name: "sse resume", steps: [load, slowCheck], globalConfig: { timeoutSeconds: 2 } });
    const job = await h.trpc.jobs.create.mutate({ workflowId: wf.id, inputDataId: inputId });

    const first = collect<TJobLogEntry>((handlers) => h.trpc.jobs.onLogs.subscribe({ id: job.id }, handlers));
    await until(() => first.items.length >= 3);
    first.stop();
    const seen = first.items.at(-1)!.sequence;

    const rest = collect<TJobLogEntry>((handlers) => h.trpc.jobs.onLogs.subscribe({ id: job.id, lastEventId: String(seen) }, handlers));
    await rest.done;
    const all = [...first.items, ...rest.items].map((l) => l.sequence);
    expect(all).toEqual(all.map((_, i) => i + 1));
    expect(rest.items.at(-1)!.message).toBe("timed out after 2 s");

    // A client that already holds the final state gets nothing more.
    const finalState = collect<TJobState>((handlers) => h.trpc.jobs.onJob.subscribe({ id: job.id }, handlers));
    await finalState.done;
    expect(finalState.items).toHaveLength(1);
    const again = collect<TJobState>((handlers) => h.trpc.jobs.onJob.subscribe({ id: job.id, lastEventId: finalState.ids[0] }, handlers));
    await again.done;
    expect(again.items).toEqual([]);
  });

  it("reconnects by itself after the connection drops and continues where it stopped", async () => {
    // A TCP proxy whose connections we cut mid-stream, as a flaky network would.
    const sockets = new Set<net.Socket>();
    let connections = 0;
    const target = new URL(h.url);
    const proxy = net.createServer((client) => {
      connections++;
      const upstream = net.connect(Number(target.port), target.hostname);
      client.pipe(upstream).pipe(client);
      for (const s of [client, upstream]) {
        sockets.add(s);
        s.on("error", () => {});
        s.on("close", () => sockets.delete(s));
      }
      client.on("close", () => upstream.destroy());
      upstream.on("close", () => client.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as net.AddressInfo).port}/trpc`;
    const trpc = createTRPCClient<AppRouter>({
      links: [
        splitLink({
          condition: (op) => op.type === "subscription",
          true: httpSubscriptionLink({ url: proxyUrl, transformer: superjson, EventSource }),
          false: httpBatchLink({ url: `${h.url}/trpc`, transformer: superjson }),
        }),
      ],
    });
    try {
      const wf = await h.trpc.workflows.create.mutate({
        name: "sse reconnect",
        steps: [load, slowCheck],
        globalConfig: { timeoutSeconds: 3 },
      });
      const job = await h.trpc.jobs.create.mutate({ workflowId: wf.id, inputDataId: inputId });
      const logs = collect<TJobLogEntry>((handlers) => trpc.jobs.onLogs.subscribe({ id: job.id }, handlers));
      const states = collect<TJobState>((handlers) => trpc.jobs.onJob.subscribe({ id: job.id }, handlers));
      await until(() => logs.items.length >= 2 && states.items.length >= 1);
      const before = connections;
      for (const s of sockets) s.destroy();
      await Promise.all([logs.done, states.done]);
      expect(connections).toBeGreaterThan(before); // it really came back

      const stored = (await h.trpc.jobs.get.query({ id: job.id, logLimit: 1000 })).logs;
      expect(logs.items.map((l) => l.sequence)).toEqual(stored.map((l) => l.sequence));
      expect(states.items.at(-1)).toMatchObject({ status: "failed", error: "timed out after 3 s" });
      expect(new Set(states.ids).size).toBe(states.ids.length);
    } finally {
      for (const s of sockets) s.destroy();
      proxy.close();
    }
  });

  it("answers NOT_FOUND for a job that does not exist", async () => {
    const sub = collect<TJobState>((handlers) => h.trpc.jobs.onJob.subscribe({ id: "nope" }, handlers));
    await expect(sub.done).rejects.toMatchObject({ data: { code: "NOT_FOUND" }, message: "job nope not found" });
  });
});
