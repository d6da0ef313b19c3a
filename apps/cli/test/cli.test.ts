import { spawn } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { patience } from "../../../packages/core/src/test-patience.ts";
import { startServer, type THarness } from "../../server/test/harness.ts";

const TOKEN = "cli-test-token";
const CSV = "city,lat,lon\nParis,48.85,2.35\nLyon,45.76,4.84\nNice,43.70,7.27\n";
const bin = path.resolve(import.meta.dirname, "../bin/aw.mjs");

let h: THarness;
let home: string;
beforeAll(async () => {
  h = await startServer({ env: { AW_API_TOKEN: TOKEN } });
  home = await fs.mkdtemp(path.join(os.tmpdir(), "aw-cli-test-"));
});
afterAll(async () => {
  await h?.close();
  if (home) await fs.rm(home, { recursive: true, force: true });
});

type TRun = { code: number | null; stdout: string; stderr: string };

/** Runs `aw …` in the temp home (its config under XDG_CONFIG_HOME) and resolves when it exits. */
function aw(args: string[], env: Record<string, string> = {}): Promise<TRun> {
  const { AW_URL: _url, AW_TOKEN: _token, ...inherited } = process.env;
  const child = spawn(process.execPath, [bin, ...args], { cwd: home, env: { ...inherited, XDG_CONFIG_HOME: home, ...env } });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout, stderr }));
  });
}

const ok = async (args: string[]) => {
  const run = await aw(args);
  expect(run, `aw ${args.join(" ")}`).toMatchObject({ code: 0 });
  return run.stdout.trim();
};

describe("aw against a real server", () => {
  it("refuses a wrong token at login, in one line", async () => {
    const run = await aw(["login", "--url", h.url, "--token", "wrong"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe("aw: the server refused the token: run aw login with the right --token (or set AW_TOKEN)\n");
  });

  it("logs in, uploads, creates a workflow from a template, runs it to the end and downloads the result", async () => {
    expect(await ok(["login", "--url", h.url, "--token", TOKEN])).toMatch(/^logged in to http/);
    const config = path.join(home, "aw", "config.json");
    expect((await fs.stat(config)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await fs.readFile(config, "utf8"))).toEqual({ url: h.url, token: TOKEN });

    await fs.writeFile(path.join(home, "cities.csv"), CSV);
    const upload = await aw(["upload", "cities.csv"]);
    expect(upload.code).toBe(0);
    const dataId = upload.stdout.trim();
    expect(upload.stderr).toMatch(/uploading cities\.csv .*\(100%\)/);

    const workflowId = await ok(["workflows", "create", "--template", "basic-loader", "--name", "cli run"]);
    const run = await aw(["run", "--workflow", workflowId, "--data", dataId, "--wait"]);
    expect(run, run.stderr).toMatchObject({ code: 0, stderr: expect.stringMatching(/: completed 100%/) });
    const resultId = run.stdout.trim();
    expect(resultId).not.toBe(dataId);

    await ok(["data", "download", dataId, "-o", "back.csv"]);
    expect(await fs.readFile(path.join(home, "back.csv"), "utf8")).toBe(CSV);
    await ok(["data", "download", resultId, "-o", "result.csv"]);
    expect(await fs.readFile(path.join(home, "result.csv"), "utf8")).toMatch(/^city,lat,lon\r?\nParis/);
  });

  it("prints JSON that parses on read commands, aligned tables otherwise", async () => {
    const list = JSON.parse(await ok(["data", "ls", "--json"])) as { items: { filename: string }[]; total: number };
    expect(list.items.map((a) => a.filename)).toContain("cities.csv");
    const jobs = JSON.parse(await ok(["jobs", "ls", "--json"])) as { items: { id: string; status: string }[] };
    expect(jobs.items[0]?.status).toBe("completed");
    const job = JSON.parse(await ok(["jobs", "show", jobs.items[0]!.id, "--json"])) as { job: { id: string }; steps: unknown[] };
    expect(job.job.id).toBe(jobs.items[0]!.id);
    expect(JSON.parse(await ok(["workflows", "ls", "--json"]))).toMatchObject({ items: [{ name: "cli run" }] });

    const table = (await ok(["jobs", "ls"])).split("\n");
    expect(table[0]).toMatch(/^ID\s+STATUS\s+PROGRESS/);
    expect(table[1]!.indexOf("completed")).toBe(table[0]!.indexOf("STATUS"));
  });

  it("follows a job to an approval, rejects it (run --wait exits 4), retries it, cancels the retry, and approves a third run (exit 0)", async () => {
    const listed = JSON.parse(await ok(["data", "ls", "--json"])) as { items: { id: string; filename: string }[] };
    const dataId = listed.items.find((a) => a.filename === "cities.csv")!.id;
    const workflowId = await ok(["workflows", "create", "--template", "approval", "--name", "cli approval"]);
    const awaiting = async () => (await h.trpc.jobs.list.query({ workflowId, status: "awaiting_approval" })).items.map((j) => j.id);

    // Rejected: the waiting run says where it stopped and ends with exit code 4.
    const rejectedRun = aw(["run", "--workflow", workflowId, "--data", dataId, "--wait"]);
    await expect.poll(awaiting, { timeout: patience() }).toHaveLength(1);
    const [first] = await awaiting();
    expect(await ok(["reject", first!, "--comment", "wrong columns"])).toBe(`job ${first}: rejected`);
    expect(await rejectedRun).toMatchObject({
      code: 4,
      stderr: expect.stringMatching(/awaits approval: aw approve [\s\S]*rejected: wrong columns/),
    });

    // Retried as a new job, which waits again, then cancelled.
    const retried = await ok(["jobs", "retry", first!]);
    expect(retried).not.toBe(first);
    await expect.poll(awaiting, { timeout: patience() }).toEqual([retried]);
    expect(await ok(["jobs", "cancel", retried])).toBe(`job ${retried}: cancelled`);
    expect(JSON.parse(await ok(["jobs", "show", retried, "--json"]))).toMatchObject({ job: { status: "cancelled" } });

    // Approved: the job goes on to its result.
    const approvedRun = aw(["run", "--workflow", workflowId, "--data", dataId, "--wait"]);
    await expect.poll(awaiting, { timeout: patience() }).toHaveLength(1);
    const [third] = await awaiting();
    expect(await ok(["approve", third!, "--comment", "fine"])).toMatch(new RegExp(`^job ${third}: (queued|running|completed)$`));
    expect(await approvedRun).toMatchObject({ code: 0 });
  });

  it("says what is wrong in one line and exits 1: unknown id, unreachable server, no login", async () => {
    const unknown = await aw(["jobs", "show", "no-such-job"]);
    expect(unknown).toEqual({ code: 1, stdout: "", stderr: "aw: job no-such-job not found\n" });
    const download = await aw(["data", "download", "no-such-data", "-o", "x"]);
    expect(download).toMatchObject({ code: 1, stderr: "aw: data no-such-data not found\n" });

    const down = await aw(["data", "ls"], { AW_URL: "http://127.0.0.1:9" });
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/^aw: cannot reach the server at http:\/\/127\.0\.0\.1:9\b.*\n$/);

    const fresh = await fs.mkdtemp(path.join(os.tmpdir(), "aw-cli-nologin-"));
    const none = await aw(["data", "ls"], { XDG_CONFIG_HOME: fresh });
    expect(none).toMatchObject({ code: 1, stderr: "aw: not logged in: run aw login --url URL (or set AW_URL)\n" });
    await fs.rm(fresh, { recursive: true, force: true });
  });
});
