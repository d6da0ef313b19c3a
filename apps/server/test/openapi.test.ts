import { compileErrors, validate } from "@readme/openapi-parser";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startServer, uploadFile, type THarness } from "./harness.ts";
import { POINTS_CSV } from "./job-fixtures.ts";

let h: THarness;
beforeAll(async () => {
  h = await startServer({ env: { AW_API_TOKEN: "docs-token" } });
});
afterAll(() => h.close());

/** A plain JSON call, as a script in any language makes it. */
async function call(method: string, path: string, body?: unknown) {
  const res = await fetch(`${h.url}/api/v1${path}`, {
    method,
    headers: { ...h.headers, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

it("describes the API as valid OpenAPI 3.1, readable without the token, with a docs page", async () => {
  const res = await fetch(`${h.url}/api/openapi.json`);
  expect(res.status).toBe(200);
  const document = (await res.json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
  const result = await validate(structuredClone(document) as never);
  expect(result.valid, result.valid ? "" : compileErrors(result)).toBe(true);
  expect(document.openapi).toBe("3.1.0");
  expect(Object.keys(document.paths)).toEqual(
    expect.arrayContaining([
      "/data",
      "/data/{id}",
      "/data/upload",
      "/data/{id}/download",
      "/workflows",
      "/templates",
      "/jobs",
      "/jobs/{id}",
      "/jobs/{id}/approve",
    ]),
  );
  expect(document.paths["/data/upload"]).toHaveProperty("post");

  const docs = await fetch(`${h.url}/api/docs/`);
  expect(docs.status).toBe(200);
  expect(await docs.text()).toContain("swagger-ui");
});

it("runs a workflow through the documented plain-JSON routes: create it from a template, start a job, read it to the end", async () => {
  expect((await fetch(`${h.url}/api/v1/data`)).status).toBe(401); // the data itself needs the token
  const { id: inputDataId } = (await (await uploadFile(h, "points.csv", POINTS_CSV)).json()) as { id: string };

  const templates = await call("GET", "/templates");
  expect(templates.status).toBe(200);
  const template = (templates.body as unknown as { id: string; definition: unknown }[]).find((t) => t.id === "basic-loader")!;
  const workflow = await call("POST", "/workflows", template.definition);
  expect(workflow.status).toBe(200);
  expect(workflow.body).toMatchObject({ id: expect.any(String), version: 1, createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });

  const job = await call("POST", "/jobs", { workflowId: workflow.body.id, inputDataId });
  expect(job.status).toBe(200);
  await expect
    .poll(async () => ((await call("GET", `/jobs/${String(job.body.id)}?logLimit=5`)).body.job as { status: string }).status)
    .toBe("completed");

  const listed = await call("GET", "/jobs?pageSize=1&status=completed");
  expect(listed.body).toMatchObject({ total: 1, pageSize: 1, items: [{ id: job.body.id, inputName: "points.csv" }] });
  const input = await call("GET", `/data/${inputDataId}`);
  expect(input.body).toMatchObject({ id: inputDataId, filename: "points.csv", sizeBytes: POINTS_CSV.length });
});

it("answers an unknown id and a bad input with their codes and messages", async () => {
  const missing = await call("GET", "/jobs/no-such-job");
  expect(missing.status).toBe(404);
  expect(missing.body).toMatchObject({ code: "NOT_FOUND", message: expect.stringContaining("no-such-job") });
  const bad = await call("POST", "/workflows", { name: "", steps: [] });
  expect(bad.status).toBe(400);
  expect(bad.body).toMatchObject({ code: "BAD_REQUEST" });
});
