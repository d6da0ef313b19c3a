// The packed package as a project outside the workspace sees it: installed from its tarball,
// typechecked with a standard NodeNext tsconfig, never reaching the server's or core's sources.
import { execFile } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const packageDir = path.resolve(import.meta.dirname, "..");
const repo = path.resolve(packageDir, "../..");

const PROGRAM = `import { createAwClient, type RouterOutputs } from "@aw/client";

const aw = createAwClient("http://127.0.0.1:3000", { token: process.env.AW_TOKEN });
const health: boolean = (await aw.health.check.query()).ok;
const workflow = await aw.workflows.create.mutate({ name: "from a consumer", steps: [{ type: "loading", name: "Load", config: {} }] });
const page: RouterOutputs["data"]["list"] = await aw.data.list.query({ pageSize: 5 });
const first: string | undefined = page.items[0]?.filename;
const subscription = aw.jobs.onJob.subscribe({ id: workflow.id }, { onData: (event) => console.log(event.id, event.data.status.toUpperCase()) });
subscription.unsubscribe();
const uploaded = await aw.upload("cities.csv", { onProgress: (sent, total) => console.log(sent / total) });
await aw.download(uploaded.id, "back.csv");
console.log(health, first);
`;

let consumer: string;
const tsc = () => run(process.execPath, [path.join(consumer, "node_modules/typescript/bin/tsc"), "-p", consumer]);

beforeAll(async () => {
  consumer = await fs.mkdtemp(path.join(os.tmpdir(), "aw-client-consumer-"));
  await run(process.execPath, [path.join(packageDir, "node_modules/tsx/dist/cli.mjs"), "scripts/build.ts"], { cwd: packageDir });
  await run("bash", [path.join(repo, "scripts/pnpm.sh"), "pack", "--pack-destination", consumer], { cwd: packageDir });
  const tarball = (await fs.readdir(consumer)).find((f) => f.endsWith(".tgz"));
  if (!tarball) throw new Error("pnpm pack wrote no tarball");
  await fs.writeFile(path.join(consumer, "package.json"), JSON.stringify({ name: "aw-consumer", private: true, type: "module" }));
  await fs.writeFile(
    path.join(consumer, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        target: "ES2022",
        module: "NodeNext",
        moduleResolution: "NodeNext",
        strict: true,
        skipLibCheck: true,
        noEmit: true,
      },
      include: ["*.ts"],
    }),
  );
  await run("npm", ["install", "--no-audit", "--no-fund", `./${tarball}`, "typescript@5.9.3", "@types/node@20"], { cwd: consumer });
});
afterAll(async () => {
  if (consumer) await fs.rm(consumer, { recursive: true, force: true });
});

describe("the packed @aw/client in a project of its own", () => {
  it("ships JavaScript and declarations only", async () => {
    const installed = path.join(consumer, "node_modules/@aw/client/dist");
    const files = await fs.readdir(installed);
    expect(files).toContain("index.js");
    expect(files).toContain("app-router.d.ts");
    expect(files.filter((f) => !f.endsWith(".js") && !f.endsWith(".d.ts"))).toEqual([]);
  });

  it("typechecks a query, a mutation and a subscription", async () => {
    await fs.writeFile(path.join(consumer, "main.ts"), PROGRAM);
    const started = performance.now();
    await tsc();
    const seconds = (performance.now() - started) / 1000;
    // A figure to read, not a check: the time depends on the machine (1.8 s on 2 cores).
    console.log(`consumer tsc --noEmit: ${seconds.toFixed(1)} s`);
  });

  it("fails typechecking for a procedure the server does not have, or a wrong input", async () => {
    await fs.writeFile(path.join(consumer, "main.ts"), `${PROGRAM}await aw.data.nope.query();\nawait aw.data.get.query({ id: 42 });\n`);
    const failure = await tsc().then(
      () => "",
      (err: { stdout: string }) => err.stdout,
    );
    expect(failure).toMatch(/main\.ts\(13,\d+\): error TS2339: Property 'nope' does not exist/);
    expect(failure).toMatch(/main\.ts\(14,\d+\): error TS2322: Type 'number' is not assignable to type 'string'/);
  });
});
