import { afterAll, beforeAll, expect, it } from "vitest";
import { startServer, uploadFile, type THarness } from "./harness.ts";
import { exportCsvStep, loadStep, POINTS_CSV } from "./job-fixtures.ts";

let h: THarness;
beforeAll(async () => {
  h = await startServer({ env: { AW_API_TOKEN: "metrics-token" } });
});
afterAll(() => h.close());

/** The value of one sample line of a Prometheus text exposition. */
const sample = (text: string, series: string) =>
  Number(
    text
      .split("\n")
      .find((l) => l.startsWith(`${series} `))
      ?.slice(series.length + 1),
  );

it("/metrics needs the API token like the API, and counts requests, uploads, jobs and steps", async () => {
  expect((await fetch(`${h.url}/metrics`)).status).toBe(401);
  expect((await fetch(`${h.url}/metrics`, { headers: { authorization: "Bearer wrong" } })).status).toBe(401);

  const upload = await uploadFile(h, "points.csv", POINTS_CSV);
  const { id: inputDataId } = (await upload.json()) as { id: string };
  const wf = await h.trpc.workflows.create.mutate({ name: "measured", steps: [loadStep, exportCsvStep] });
  const job = await h.trpc.jobs.create.mutate({ workflowId: wf.id, inputDataId });
  await expect.poll(async () => (await h.trpc.jobs.get.query({ id: job.id, logLimit: 1 })).job.status).toBe("completed");

  const res = await fetch(`${h.url}/metrics`, { headers: h.headers });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
  const text = await res.text();
  expect(sample(text, "aw_upload_bytes_total")).toBe(Buffer.byteLength(POINTS_CSV));
  expect(sample(text, 'aw_jobs{status="completed"}')).toBe(1);
  expect(sample(text, 'aw_queue_jobs{state="waiting"}')).toBe(0);
  expect(sample(text, 'aw_step_duration_seconds_count{type="loading",status="completed"}')).toBe(1);
  expect(sample(text, 'aw_step_duration_seconds_count{type="export",status="completed"}')).toBe(1);
  expect(sample(text, 'aw_http_request_duration_seconds_count{method="POST",route="/api/v1/data/upload",status="201"}')).toBe(1);
  expect(sample(text, 'aw_http_request_duration_seconds_count{method="POST",route="/trpc/jobs.create",status="200"}')).toBe(1);
  expect(sample(text, 'aw_http_request_duration_seconds_count{method="GET",route="/metrics",status="401"}')).toBe(2);
  expect(text).toContain("aw_process_resident_memory_bytes");
});
