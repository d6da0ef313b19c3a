import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runWorkflow } from "../aw-engine/orchestrator.ts";
import { ZWorkflowDefinitionSchema } from "../schemas/workflow.ts";
import { createLocalStorage } from "../storage/local-storage.ts";
import type { TStorage } from "../storage/types.ts";
import { STARTER_WORKFLOWS } from "./starter-workflows.ts";
import { listTemplates } from "./index.ts";

const CITIES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../test/fixtures/cities.csv");

describe("starter templates", () => {
  it("are five valid workflow definitions with unique ids", () => {
    for (const t of STARTER_WORKFLOWS) expect(ZWorkflowDefinitionSchema.safeParse(t.definition).success).toBe(true);
    const templates = listTemplates();
    expect(templates.map((t) => [t.id, t.name, t.definition.steps.map((s) => s.type).join(" → ")])).toEqual([
      ["basic-loader", "Basic data loader", "loading → profiling → export"],
      ["cosmo-ready", "Data preparation (cosmo-ready)", "loading → profiling → preparing → validation → export"],
      ["validated-etl", "Validated ETL", "loading → preparing → validation → export"],
      ["quality-check", "Quality check", "loading → profiling → validation"],
      ["approval", "Approval workflow", "loading → preparing → export"],
    ]);
    expect(new Set(templates.map((t) => t.id)).size).toBe(5);
    expect(templates.find((t) => t.id === "approval")?.definition.steps[1]?.requireApproval).toBe(true);
  });

  it("hands out copies, so a caller cannot change the catalogue", () => {
    const first = listTemplates();
    first[0]!.definition.steps.length = 0;
    expect(listTemplates()[0]?.definition.steps).toHaveLength(3);
  });

  describe("run on a real file", () => {
    let root: string;
    let storage: TStorage;
    beforeAll(async () => {
      root = await fs.mkdtemp(path.join(os.tmpdir(), "aw-templates-test-"));
      storage = createLocalStorage(root);
      await storage.put("uploads/cities.csv", Readable.from([await fs.readFile(CITIES)]));
    });
    afterAll(async () => {
      await fs.rm(root, { recursive: true, force: true });
    });

    it.each(listTemplates().map((t) => [t.id, t] as const))("%s runs to its end", async (_id, template) => {
      const outcome = await runWorkflow(
        { storage, memoryLimit: "256MB", threads: 1, defaultMaxRetries: 1 },
        {
          runId: template.id,
          steps: template.definition.steps,
          globalConfig: template.definition.globalConfig,
          input: { storageKey: "uploads/cities.csv", filename: "cities.csv" },
          startAt: 0,
          previous: [],
          signal: new AbortController().signal,
          onEvent: () => {},
        },
      );
      expect(outcome.status).toBe(template.id === "approval" ? "awaiting_approval" : "completed");
      if (outcome.status === "completed")
        expect(outcome.output?.storageKey).toMatch(new RegExp(`^runs/${template.id}/result\\.(csv|parquet)$`));
    });
  });
});
