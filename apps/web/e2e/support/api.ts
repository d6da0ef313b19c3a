import type { APIRequestContext } from "@playwright/test";
import { expect } from "@playwright/test";

/** Calls a tRPC mutation over plain HTTP (superjson's envelope is `{json: …}`). */
export async function trpcMutation<T>(request: APIRequestContext, path: string, input: unknown): Promise<T> {
  const res = await request.post(`/trpc/${path}`, { data: { json: input } });
  expect(res.ok(), `${path}: ${await res.text()}`).toBeTruthy();
  return ((await res.json()) as { result: { data: { json: T } } }).result.data.json;
}

export async function trpcQuery<T>(request: APIRequestContext, path: string, input: unknown): Promise<T> {
  const res = await request.get(`/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`);
  expect(res.ok(), `${path}: ${await res.text()}`).toBeTruthy();
  return ((await res.json()) as { result: { data: { json: T } } }).result.data.json;
}

/** Uploads through the REST API, as a script would. */
export async function uploadFile(
  request: APIRequestContext,
  name: string,
  content: Buffer | string,
  mimeType = "text/csv",
): Promise<{ id: string; filename: string }> {
  const res = await request.post("/api/v1/data/upload", { multipart: { file: { name, mimeType, buffer: Buffer.from(content) } } });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()) as { id: string; filename: string };
}

/** Polls `jobs.get` until the job's status matches one of `statuses`. */
export async function waitForJobStatus(request: APIRequestContext, id: string, statuses: string[], timeout: number) {
  await expect
    .poll(async () => (await trpcQuery<{ job: { status: string } }>(request, "jobs.get", { id, logLimit: 1 })).job.status, { timeout })
    .toMatch(new RegExp(`^(${statuses.join("|")})$`));
}
