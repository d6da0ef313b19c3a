import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type TDb } from "./client.ts";
import { applyMigrations } from "./migrate.ts";
import { createTestDatabase, postgresAvailable, type TTestDatabase } from "./test-databases.ts";

const pgAvailable = await postgresAvailable();

describe.each([
  { provider: "sqlite" as const, run: true },
  { provider: "postgresql" as const, run: pgAvailable },
])("models on a migrated $provider database", ({ provider, run }) => {
  let database: TTestDatabase;
  let db: TDb;

  beforeAll(async () => {
    if (!run) return;
    database = await createTestDatabase(provider);
    db = createDb({ databaseUrl: database.url, databaseProvider: provider });
    await applyMigrations(db, provider);
  });
  afterAll(async () => {
    if (!run) return;
    await db.$disconnect();
    await database.drop();
  });

  it.skipIf(!run)("round-trips every model, including Json and BigInt fields, and its relations", async () => {
    const steps = [
      { type: "loading", config: { format: "csv", delimiter: ";" } },
      { type: "export", unicode: "é✓" },
    ];
    const workflow = await db.workflow.create({
      data: { name: "wf", steps, globalConfig: { maxRetries: 2, nested: { list: [1, null, true] } } },
    });
    expect(workflow.version).toBe(1);
    expect(workflow.description).toBe("");
    await db.workflowVersion.create({ data: { workflowId: workflow.id, version: 1, name: "wf", steps, globalConfig: {} } });

    const big = 2n ** 53n + 7n; // beyond a double's exact range
    const input = await db.dataArtifact.create({
      data: {
        filename: "a.csv",
        storageKey: `k-${workflow.id}`,
        sizeBytes: big,
        contentType: "text/csv",
        format: "csv",
        sha256: "0".repeat(64),
        metadata: { rows: 3 },
      },
    });
    const job = await db.job.create({
      data: { workflowId: workflow.id, workflowVersion: 1, inputDataId: input.id, parameters: {}, metadata: { steps: [] } },
    });
    expect(job.status).toBe("queued");
    const output = await db.dataArtifact.create({
      data: {
        filename: "b.parquet",
        storageKey: `o-${job.id}`,
        sizeBytes: 0n,
        contentType: "application/octet-stream",
        format: "parquet",
        sha256: "1".repeat(64),
        metadata: {},
        sourceJobId: job.id,
        parentId: input.id,
      },
    });
    await db.jobLog.createMany({
      data: [
        { jobId: job.id, sequence: 1, level: "info", message: "start", data: { step: 0 } },
        { jobId: job.id, sequence: 2, level: "warn", message: "no data" },
      ],
    });

    const loaded = await db.job.findUniqueOrThrow({
      where: { id: job.id },
      include: { workflow: { include: { versions: true } }, input: true, outputs: true, logs: { orderBy: { sequence: "asc" } } },
    });
    expect(loaded.workflow.steps).toEqual(steps);
    expect(loaded.workflow.globalConfig).toEqual({ maxRetries: 2, nested: { list: [1, null, true] } });
    expect(loaded.workflow.versions).toHaveLength(1);
    expect(loaded.input?.sizeBytes).toBe(big);
    expect(loaded.outputs.map((o) => o.id)).toEqual([output.id]);
    expect(loaded.logs.map((l) => [l.sequence, l.message, l.data])).toEqual([
      [1, "start", { step: 0 }],
      [2, "no data", null],
    ]);
    expect(loaded.logs[0]!.id).toBeTypeOf("number");
    expect(loaded.createdAt).toBeInstanceOf(Date);

    const updated = await db.job.update({
      where: { id: job.id },
      data: { status: "running", progress: 40, startedAt: new Date("2030-01-02T03:04:05.678Z") },
    });
    expect(updated.startedAt?.toISOString()).toBe("2030-01-02T03:04:05.678Z");
    expect(updated.updatedAt.getTime()).toBeGreaterThanOrEqual(job.updatedAt.getTime());

    await expect(db.jobLog.create({ data: { jobId: job.id, sequence: 1, level: "info", message: "dup" } })).rejects.toThrow();
    await expect(db.job.create({ data: { workflowId: "missing", workflowVersion: 1, parameters: {}, metadata: {} } })).rejects.toThrow();

    // Deleting the input keeps the job (SetNull); deleting the workflow removes its jobs and logs (Cascade).
    await db.dataArtifact.update({ where: { id: output.id }, data: { parentId: null } });
    await db.dataArtifact.delete({ where: { id: input.id } });
    expect((await db.job.findUniqueOrThrow({ where: { id: job.id } })).inputDataId).toBeNull();
    await db.workflow.delete({ where: { id: workflow.id } });
    expect(await db.job.count()).toBe(0);
    expect(await db.jobLog.count()).toBe(0);
    expect(await db.workflowVersion.count()).toBe(0);
    expect((await db.dataArtifact.findUniqueOrThrow({ where: { id: output.id } })).sourceJobId).toBeNull();
  });
});
