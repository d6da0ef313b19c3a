import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { unmigratedChanges } from "../../scripts/migration-history.ts";
import { MODELS_PATH, PROVIDERS } from "../../scripts/prisma-generate.mjs";

const coreDir = path.resolve(import.meta.dirname, "../..");
const CREATE_COMMAND = "pnpm --filter @aw/core run db:migration:create <name>";

/** models.prisma with one extra column, as a developer would add it. */
function modelsWithExtraField(): string {
  const models = fs.readFileSync(MODELS_PATH, "utf8");
  const changed = models.replace(/^model Job \{$/m, "model Job {\n  priorityCheck Int @default(0)");
  expect(changed).not.toBe(models);
  return changed;
}

describe("committed migrations", () => {
  it.each(PROVIDERS)("build exactly the %s schema of prisma/models.prisma", async (provider) => {
    const missing = await unmigratedChanges(provider);
    expect(missing, `prisma/models.prisma changed without a migration. Run: ${CREATE_COMMAND}\n${missing}`).toBe("");
  });

  it.each(PROVIDERS)("are reported as missing on %s when a model gains a field", async (provider) => {
    expect(await unmigratedChanges(provider, modelsWithExtraField())).toMatch(/priorityCheck/);
  });

  it("db:migration:check exits non-zero and names the create command when a migration is missing", async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "aw-models-")), "models.prisma");
    fs.writeFileSync(file, modelsWithExtraField());
    const run = promisify(execFile)(path.join(coreDir, "node_modules/.bin/tsx"), ["scripts/migration-check.ts", "--models", file], {
      cwd: coreDir,
    });
    const failure = await run.then(
      () => undefined,
      (err: { code: number; stderr: string }) => err,
    );
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain(CREATE_COMMAND);
    expect(failure?.stderr).toContain("priorityCheck");
  });
});
