import fs from "node:fs/promises";
import path from "node:path";
import type { TJobState } from "@aw/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, uploadFile, waitForProfile, type THarness } from "./harness.ts";
import { collect } from "./subscriptions.ts";

// Real public files (npm package vega-datasets, a dev dependency of core) through the public API:
// REST upload, background profile, tRPC workflow and job, REST download.
const vega = path.resolve(import.meta.dirname, "../../../packages/core/node_modules/vega-datasets");
const dataFile = (name: string) => fs.readFile(path.join(vega, "data", name));

let h: THarness;
beforeAll(async () => {
  h = await startServer();
});
afterAll(() => h?.close());

async function upload(name: string, type: string) {
  const res = await uploadFile(h, name, await dataFile(name), type);
  expect(res.status).toBe(201);
  return waitForProfile(h, ((await res.json()) as { id: string }).id);
}

describe("real data through the public API", () => {
  it("movies.json: titles that are text in most records and numbers in a few read as plain text, and month-name dates as dates", async () => {
    const movies = await upload("movies.json", "application/json");
    expect(movies.metadata.profileStatus).toBe("ready");
    const types = Object.fromEntries((movies.metadata.columns ?? []).map((c) => [c.name, c.type]));
    expect(types).toMatchObject({ Title: "VARCHAR", "Release Date": "DATE" });
    const { rows } = await h.trpc.data.sample.query({ id: movies.id, limit: 1 });
    expect(rows[0]?.Title).toBe("The Land Girls");
  });

  it("us-10m.json (TopoJSON) is refused as not a table, with nothing loaded as junk", async () => {
    const topo = await upload("us-10m.json", "application/json");
    expect(topo.metadata).toMatchObject({ profileStatus: "failed", profileError: expect.stringContaining("not a table") });
  });

  it("miserables.json: nodes and links run through cosmo-ready to one JSON document, ids and endpoints that mean something", async () => {
    const graph = await upload("miserables.json", "application/json");
    const wf = await h.trpc.workflows.create.mutate({
      name: "miserables graph",
      steps: [
        { name: "Load", type: "loading", config: {} },
        { name: "Prepare", type: "preparing", config: { target: "cosmo-ready" } },
        { name: "Check", type: "validation", config: { spec: { kind: "functional", check: "cosmo-ready" } } },
        { name: "Export", type: "export", config: { format: "json" } },
      ],
    });
    const job = await h.trpc.jobs.create.mutate({ workflowId: wf.id, inputDataId: graph.id, start: false });
    const states = collect<TJobState>((handlers) => h.trpc.jobs.onJob.subscribe({ id: job.id }, handlers));
    await h.trpc.jobs.execute.mutate({ id: job.id });
    await states.done;
    const detail = await h.trpc.jobs.get.query({ id: job.id });
    expect(detail.job.status).toBe("completed");
    const mapping = detail.steps[1]?.result?.metadata.mapping as Record<string, string>;
    expect(mapping).toMatchObject({ pointIdBy: "index", linkSourceBy: "source", linkTargetBy: "target" });
    expect([mapping.linkSourceBy, mapping.linkTargetBy]).not.toContain("group");

    const res = await fetch(`${h.url}/api/v1/data/${detail.job.resultDataId}/download`, { headers: h.headers });
    expect(res.status).toBe(200);
    const document = (await res.json()) as { nodes: unknown[]; links: unknown[] };
    expect([document.nodes.length, document.links.length]).toEqual([77, 254]);
  });
});
