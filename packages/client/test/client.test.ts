import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type THarness } from "../../../apps/server/test/harness.ts";
import { exportCsvStep, loadStep } from "../../../apps/server/test/job-fixtures.ts";
import { AwRestError, createAwClient, type TAwClient } from "../src/index.ts";

const CSV = "city,lat,lon\nParis,48.85,2.35\nLyon,45.76,4.84\n";

let h: THarness;
let aw: TAwClient;
let dir: string;
beforeAll(async () => {
  h = await startServer({ env: { AW_API_TOKEN: "secret-token" } });
  aw = createAwClient(`${h.url}/`, { token: "secret-token" });
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "aw-client-test-"));
});
afterAll(async () => {
  await h?.close();
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

describe("createAwClient against a real server", () => {
  it("uploads a file from disk with progress, lists it and downloads the same bytes", async () => {
    const source = path.join(dir, "cities.csv");
    await fs.writeFile(source, CSV);
    const progress: number[] = [];
    const uploaded = await aw.upload(source, { onProgress: (sent) => progress.push(sent) });
    expect(uploaded).toMatchObject({ filename: "cities.csv", sizeBytes: CSV.length, format: "csv" });
    expect(progress.at(-1)).toBe(CSV.length);

    const { items } = await aw.data.list.query({ search: "cities" });
    expect(items.map((a) => a.id)).toContain(uploaded.id);

    const target = path.join(dir, "back.csv");
    expect(await aw.download(uploaded.id, target)).toEqual({ path: target, bytes: CSV.length });
    expect(await fs.readFile(target, "utf8")).toBe(CSV);
  });

  it("uploads a Blob under the given name", async () => {
    const uploaded = await aw.upload(new Blob([CSV]), { name: "blob.csv" });
    expect((await aw.data.get.query({ id: uploaded.id })).filename).toBe("blob.csv");
  });

  it("streams a job's state over SSE with the token", async () => {
    const { id: dataId } = await aw.upload(new Blob([CSV]), { name: "points.csv" });
    const workflow = await aw.workflows.create.mutate({ name: "client sse", steps: [loadStep, exportCsvStep] });
    const job = await aw.jobs.create.mutate({ workflowId: workflow.id, inputDataId: dataId });
    const statuses: string[] = [];
    await new Promise<void>((resolve, reject) => {
      aw.jobs.onJob.subscribe({ id: job.id }, { onData: (e) => statuses.push(e.data.status), onError: reject, onComplete: resolve });
    });
    expect(statuses.at(-1)).toBe("completed");
  });

  it("surfaces the server's REST error message", async () => {
    const failure = aw.download("no-such-id", path.join(dir, "none"));
    await expect(failure).rejects.toBeInstanceOf(AwRestError);
    await expect(failure).rejects.toThrow(/not found/);
    await expect(fs.access(path.join(dir, "none"))).rejects.toThrow();
    const anonymous = createAwClient(h.url);
    await expect(anonymous.upload(new Blob([CSV]), { name: "x.csv" })).rejects.toMatchObject({ status: 401 });
  });
});
