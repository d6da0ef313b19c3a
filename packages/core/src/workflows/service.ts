import type { TConfig } from "../config.ts";
import type { TDb } from "../db/client.ts";
import { conflict, notFound } from "../errors.ts";
import { deleteRunObjects, resultArtifactKeys, type TRunObjectDeps } from "../jobs/run-objects.ts";
import { ACTIVE_JOB_STATUSES, type TPage, type TStep, type TWorkflowDefinition, type TWorkflowUpdate } from "../schemas/index.ts";
import { containsText } from "../db/text-search.ts";
import { readDefinition } from "./stored-definition.ts";

export type TWorkflowDeps = {
  db: TDb;
  storage: TRunObjectDeps["storage"];
  config: Pick<TConfig, "databaseProvider"> & TRunObjectDeps["config"];
};

type TWorkflowRow = Awaited<ReturnType<TDb["workflow"]["findFirstOrThrow"]>>;
export type TWorkflow = Omit<TWorkflowRow, "steps" | "globalConfig"> & Pick<TWorkflowDefinition, "steps" | "globalConfig">;

/** Gives every step a stable id so job metadata and the UI can refer to it. */
function withStepIds(steps: TStep[]): TStep[] {
  const used = new Set(steps.map((s) => s.id).filter(Boolean));
  let n = 0;
  return steps.map((step) => {
    if (step.id) return step;
    let id: string;
    do id = `${step.type}-${++n}`;
    while (used.has(id));
    used.add(id);
    return { ...step, id };
  });
}

const toWorkflow = (row: TWorkflowRow): TWorkflow => ({ ...row, ...readDefinition(row, `workflow ${row.id}`) });

export function createWorkflowService({ db, storage, config }: TWorkflowDeps) {
  async function get(id: string): Promise<TWorkflow> {
    const row = await db.workflow.findUnique({ where: { id } });
    if (!row) throw notFound("workflow", id);
    return toWorkflow(row);
  }

  return {
    get,

    async create(definition: TWorkflowDefinition): Promise<TWorkflow> {
      const steps = withStepIds(definition.steps);
      const row = await db.workflow.create({
        data: {
          name: definition.name,
          description: definition.description,
          steps,
          globalConfig: definition.globalConfig,
          versions: { create: { version: 1, name: definition.name, steps, globalConfig: definition.globalConfig } },
        },
      });
      return toWorkflow(row);
    },

    async list({ page, pageSize, search }: TPage) {
      const where = search ? { OR: [{ name: containsText(config, search) }, { description: containsText(config, search) }] } : {};
      const [rows, total] = await db.$transaction([
        db.workflow.findMany({ where, orderBy: { updatedAt: "desc" }, skip: (page - 1) * pageSize, take: pageSize }),
        db.workflow.count({ where }),
      ]);
      return { items: rows.map(toWorkflow), total, page, pageSize };
    },

    /** Saves a new version; jobs created earlier keep running the version they pinned. */
    async update({ id, expectedVersion, ...definition }: TWorkflowUpdate): Promise<TWorkflow> {
      const current = await get(id);
      if (expectedVersion !== undefined && expectedVersion !== current.version) {
        throw conflict(`workflow ${id} is at version ${current.version}, not ${expectedVersion}; reload and try again`);
      }
      const steps = withStepIds(definition.steps);
      const version = current.version + 1;
      const [row] = await db.$transaction([
        db.workflow.update({
          where: { id, version: current.version },
          data: { name: definition.name, description: definition.description, steps, globalConfig: definition.globalConfig, version },
        }),
        db.workflowVersion.create({
          data: { workflowId: id, version, name: definition.name, steps, globalConfig: definition.globalConfig },
        }),
      ]);
      return toWorkflow(row);
    },

    /** The definition a job pinned. */
    async getVersion(id: string, version: number) {
      const row = await db.workflowVersion.findUnique({ where: { workflowId_version: { workflowId: id, version } } });
      if (!row) throw notFound("workflow version", `${id}@${version}`);
      return { ...row, ...readDefinition(row, `workflow ${id} version ${version}`) };
    },

    /**
     * Deletes a workflow with its job history and what those jobs' runs stored (checkpoints,
     * exported files); their result artifacts stay as data. Refused while any of its jobs is active.
     */
    async delete(id: string): Promise<{ id: string; deletedJobs: number; deletedObjects: number }> {
      await get(id);
      const active = await db.job.count({ where: { workflowId: id, status: { in: [...ACTIVE_JOB_STATUSES] } } });
      if (active > 0) throw conflict(`workflow ${id} has ${active} active job(s); cancel them first`);
      const jobs = await db.job.findMany({ where: { workflowId: id }, select: { id: true, metadata: true } });
      const results = await resultArtifactKeys(
        db,
        jobs.map((j) => j.id),
      );
      await db.workflow.delete({ where: { id } }); // its jobs and their logs go with it (cascade)
      const deletedObjects = await deleteRunObjects({ storage, config }, jobs, results);
      return { id, deletedJobs: jobs.length, deletedObjects };
    },
  };
}

export type TWorkflowService = ReturnType<typeof createWorkflowService>;
