import { listTemplates, type TWorkflowDefinitionInput } from "@aw/core";
import { TRPCClientError } from "@trpc/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppRouter } from "../src/trpc/router.ts";
import { startServer, testProviders, type THarness } from "./harness.ts";

const definition: TWorkflowDefinitionInput = {
  name: "Cities to cosmograph",
  description: "points on a map",
  steps: [
    { name: "Load", type: "loading", config: { format: "auto" } },
    { name: "Prepare", type: "preparing", config: { target: "cosmo-ready" }, requireApproval: true },
    { name: "Export", type: "export", config: { format: "parquet" } },
  ],
};

/** The tRPC error of a rejected call, for asserting code and field messages. */
async function failure(promise: Promise<unknown>) {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TRPCClientError);
  return err as TRPCClientError<AppRouter>;
}

describe.each(await testProviders())("workflows over tRPC (%s)", (provider) => {
  let h: THarness;
  beforeAll(async () => {
    h = await startServer({ provider });
  });
  afterAll(() => h.close());

  it("creates with step ids and defaults, gets, and lists with search and pagination", async () => {
    const created = await h.trpc.workflows.create.mutate(definition);
    expect(created.version).toBe(1);
    expect(created.steps.map((s) => s.id)).toEqual(["loading-1", "preparing-2", "export-3"]);
    expect(created.steps[1]?.requireApproval).toBe(true);
    expect(created.steps[0]?.requireApproval).toBe(false);
    expect(created.globalConfig.approvalTimeoutAction).toBe("reject");

    const got = await h.trpc.workflows.get.query({ id: created.id });
    expect(got.name).toBe("Cities to cosmograph");

    for (let i = 0; i < 3; i++) await h.trpc.workflows.create.mutate({ ...definition, name: `Other ${i}` });
    const page = await h.trpc.workflows.list.query({ page: 1, pageSize: 2 });
    expect(page.total).toBeGreaterThanOrEqual(4);
    expect(page.items).toHaveLength(2);
    const found = await h.trpc.workflows.list.query({ page: 1, pageSize: 20, search: "COSMO" });
    expect(found.items.map((w) => w.id)).toEqual([created.id]);
  });

  it("update bumps the version and keeps the earlier definition", async () => {
    const created = await h.trpc.workflows.create.mutate(definition);
    const updated = await h.trpc.workflows.update.mutate({ ...definition, id: created.id, name: "Renamed", expectedVersion: 1 });
    expect(updated.version).toBe(2);
    expect(updated.name).toBe("Renamed");
    const v1 = await h.core.workflows.getVersion(created.id, 1);
    expect(v1.name).toBe("Cities to cosmograph");

    const stale = await failure(h.trpc.workflows.update.mutate({ ...definition, id: created.id, expectedVersion: 1 }));
    expect(stale.data?.code).toBe("CONFLICT");
    expect(stale.message).toMatch(/version 2/);
  });

  it("rejects invalid definitions with field messages", async () => {
    const noName = await failure(h.trpc.workflows.create.mutate({ ...definition, name: "" }));
    expect(noName.data?.code).toBe("BAD_REQUEST");
    expect(noName.data?.fields?.name).toMatch(/required/);

    const long = await failure(h.trpc.workflows.create.mutate({ ...definition, name: "x".repeat(201) }));
    expect(long.data?.fields?.name).toMatch(/200/);

    const noSteps = await failure(h.trpc.workflows.create.mutate({ ...definition, steps: [] }));
    expect(noSteps.data?.fields?.steps).toMatch(/at least one step/);

    const badTarget = await failure(
      // @ts-expect-error an unknown target is what a hand-written client might send
      h.trpc.workflows.create.mutate({ ...definition, steps: [{ name: "P", type: "preparing", config: { target: "magic" } }] }),
    );
    expect(Object.keys(badTarget.data?.fields ?? {})).toContain("steps.0.config.target");

    const customWithoutOps = await failure(
      h.trpc.workflows.create.mutate({ ...definition, steps: [{ name: "P", type: "preparing", config: { target: "custom" } }] }),
    );
    expect(customWithoutOps.data?.fields?.["steps.0.config.operations"]).toMatch(/at least one operation/);
  });

  it("refuses oversize free-form text and lists with the field's message", async () => {
    const long = "x".repeat(1001);
    const prepare = (operation: Record<string, unknown>) => ({
      name: "P",
      type: "preparing" as const,
      config: { target: "custom" as const, operations: [operation as never] },
    });
    const check = (spec: Record<string, unknown>) => ({ name: "V", type: "validation" as const, config: { spec: spec as never } });
    const cases: [TWorkflowDefinitionInput["steps"][number], string, RegExp][] = [
      [
        prepare({ op: "filter", column: "a", operator: "eq", value: long }),
        "steps.0.config.operations.0.value",
        /at most 1,000 characters/,
      ],
      [
        prepare({ op: "filter", column: "a", operator: "in", value: Array.from({ length: 1001 }, (_, i) => i) }),
        "steps.0.config.operations.0.value",
        /at most 1,000 items/,
      ],
      [prepare({ op: "fill_nulls", columns: ["a"], value: long }), "steps.0.config.operations.0.value", /at most 1,000 characters/],
      [prepare({ op: "bucket", column: "a", keep: ["ok", long] }), "steps.0.config.operations.0.keep.1", /at most 1,000 characters/],
      [
        check({ kind: "schema", columns: [{ name: "a", allowed: Array.from({ length: 1001 }, (_, i) => `v${i}`) }] }),
        "steps.0.config.spec.columns.0.allowed",
        /at most 1,000 items/,
      ],
      [
        check({ kind: "functional", check: "sql", sql: `SELECT * FROM data WHERE ${"a = 1 OR ".repeat(700)}a = 1` }),
        "steps.0.config.spec.sql",
        /at most 5,000 characters/,
      ],
      [
        { name: "P", type: "preparing", config: { target: "cosmo-ready", mapping: { pointsXBy: "x".repeat(201) } } },
        "steps.0.config.mapping.pointsXBy",
        /at most 200 characters/,
      ],
    ];
    for (const [step, field, message] of cases) {
      const err = await failure(h.trpc.workflows.create.mutate({ name: "oversize", steps: [step] }));
      expect(err.data?.code, field).toBe("BAD_REQUEST");
      expect(err.data?.fields).toMatchObject({ [field]: expect.stringMatching(message) });
    }
    // At the bounds, the same definitions are accepted.
    const atBound = "x".repeat(1000);
    await expect(
      h.trpc.workflows.create.mutate({
        name: "at bounds",
        steps: [prepare({ op: "filter", column: "a", operator: "eq", value: atBound })],
      }),
    ).resolves.toHaveProperty("id");
  });

  it("unknown ids are NOT_FOUND", async () => {
    expect((await failure(h.trpc.workflows.get.query({ id: "nope" }))).data?.code).toBe("NOT_FOUND");
    expect((await failure(h.trpc.workflows.update.mutate({ ...definition, id: "nope" }))).data?.code).toBe("NOT_FOUND");
    expect((await failure(h.trpc.workflows.delete.mutate({ id: "nope" }))).data?.code).toBe("NOT_FOUND");
  });

  it("deletes a workflow", async () => {
    const created = await h.trpc.workflows.create.mutate(definition);
    await expect(h.trpc.workflows.delete.mutate({ id: created.id })).resolves.toMatchObject({ id: created.id, deletedJobs: 0 });
    expect((await failure(h.trpc.workflows.get.query({ id: created.id }))).data?.code).toBe("NOT_FOUND");
  });

  it("serves the starter templates, each creatable as is", async () => {
    const templates = await h.trpc.workflows.templates.query();
    expect(templates.map((t) => t.name)).toEqual(listTemplates().map((t) => t.name));
    expect(templates).toHaveLength(5);
    for (const t of templates) await expect(h.trpc.workflows.create.mutate(t.definition)).resolves.toHaveProperty("id");
  });
});
