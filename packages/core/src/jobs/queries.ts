import type { TSample } from "../aw-engine/sample.ts";
import { toArtifact } from "../data/artifact.ts";
import { sampleParquet } from "../data/inspect-artifact.ts";
import { containsText } from "../db/text-search.ts";
import { conflict, invalid, notFound } from "../errors.ts";
import { ZJobGetSchema, ZJobListSchema, ZJobStepSampleSchema, type TJobStatus, type TStep } from "../schemas/index.ts";
import type { z } from "zod";
import { toLogEntry } from "./job-log.ts";
import { readMetadata, type TApprovalDecision, type TJobMetadata } from "./job-metadata.ts";
import { loadJob, pinnedSteps, toJob, type TJobServiceDeps } from "./job-rows.ts";

export type TJobStepView = {
  index: number;
  id: string | undefined;
  name: string;
  type: TStep["type"];
  requireApproval: boolean;
  status: "pending" | "running" | "awaiting_approval" | "completed" | "failed" | "rejected";
  result: TJobMetadata["steps"][number];
  /** Who turned the job down at this step, when, and why (only on the step of a rejected job). */
  rejection: TApprovalDecision | null;
};

/** What reads jobs without changing them: list, get, result, step samples, dashboard stats. */
/** What a job row needs of its relations to be named in a list: the workflow, the input and the result. */
const LIST_NAMES = {
  workflow: { select: { name: true } },
  input: { select: { filename: true } },
  outputs: { select: { id: true, filename: true } },
} as const;

function namesOf(o: {
  workflow: { name: string };
  input: { filename: string } | null;
  outputs: { id: string; filename: string }[];
  resultDataId: string | null;
}) {
  return {
    workflowName: o.workflow.name,
    inputName: o.input?.filename ?? null,
    resultName: o.outputs.find((a) => a.id === o.resultDataId)?.filename ?? null,
  };
}

export function jobQueries({ db, queue, storage, config }: TJobServiceDeps) {
  return {
    async list(input: z.input<typeof ZJobListSchema> = {}) {
      const { page, pageSize, workflowId, inputDataId, status, sort, order, search } = ZJobListSchema.parse(input);
      const where = {
        ...(workflowId ? { workflowId } : {}),
        ...(inputDataId ? { inputDataId } : {}),
        ...(status ? { status } : {}),
        ...(search ? { OR: [{ id: { contains: search } }, { workflow: { name: containsText(config, search) } }] } : {}),
      };
      const [rows, total] = await db.$transaction([
        db.job.findMany({
          where,
          orderBy: [{ [sort]: order }, { id: order }],
          skip: (page - 1) * pageSize,
          take: pageSize,
          include: LIST_NAMES,
        }),
        db.job.count({ where }),
      ]);
      const items = rows.map(({ workflow, input, outputs, ...row }) => {
        // The list stays light: parameters, per-step metadata and previews are in `get`.
        const { metadata: _, parameters: __, ...job } = toJob(row);
        return { ...job, ...namesOf({ workflow, input, outputs, resultDataId: job.resultDataId }) };
      });
      return { items, total, page, pageSize };
    },

    /** The job, its steps (definition + result), and one page of its logs. */
    async get(input: z.input<typeof ZJobGetSchema>) {
      const { id, logCursor, logLimit } = ZJobGetSchema.parse(input);
      const row = await db.job.findUnique({ where: { id }, include: LIST_NAMES });
      if (!row) throw notFound("job", id);
      const { workflow, input: inputRow, outputs, ...jobRow } = row;
      const job = toJob(jobRow);
      const definitions = await pinnedSteps(db, job.workflowId, job.workflowVersion);
      const rejection = job.status === "rejected" ? (job.metadata.approvals?.findLast((a) => a.decision === "rejected") ?? null) : null;
      const steps: TJobStepView[] = definitions.map((step, index) => {
        const result = job.metadata.steps[index] ?? null;
        const live =
          job.status === "awaiting_approval" && job.metadata.awaiting?.stepIndex === index
            ? "awaiting_approval"
            : job.status === "running" && job.currentStep === index
              ? "running"
              : "pending";
        return {
          index,
          id: step.id,
          name: step.name,
          type: step.type,
          requireApproval: step.requireApproval,
          status: rejection?.stepIndex === index ? "rejected" : (result?.status ?? live),
          result,
          rejection: rejection?.stepIndex === index ? rejection : null,
        };
      });
      const logRows = await db.jobLog.findMany({
        where: { jobId: id, sequence: { gt: logCursor ?? 0 } },
        orderBy: { sequence: "asc" },
        take: logLimit + 1,
      });
      const logs = logRows.slice(0, logLimit).map(toLogEntry);
      const nextLogCursor = logRows.length > logLimit ? (logs.at(-1)?.sequence ?? null) : null;
      return {
        job: { ...job, ...namesOf({ workflow, input: inputRow, outputs, resultDataId: job.resultDataId }) },
        steps,
        logs,
        nextLogCursor,
      };
    },

    /** The result artifact and the run report of a completed job. */
    async result(id: string) {
      const job = toJob(await loadJob(db, id));
      if (job.status !== "completed") throw conflict(`job ${id} is ${job.status}; a result exists only once it completed`);
      const artifact = job.resultDataId ? await db.dataArtifact.findUnique({ where: { id: job.resultDataId } }) : null;
      return { job, artifact: artifact ? toArtifact(artifact) : null, report: job.metadata.report ?? null, steps: job.metadata.steps };
    },

    /** A page of the table a step of the job left behind, read from its checkpoint (the approval preview pages through it). */
    async stepSample(input: z.input<typeof ZJobStepSampleSchema>): Promise<TSample> {
      const { id, stepIndex, table, limit, offset, view } = ZJobStepSampleSchema.parse(input);
      const step = readMetadata((await loadJob(db, id)).metadata, id).steps[stepIndex];
      if (!step || step.status !== "completed") throw notFound("completed step", `${stepIndex + 1} of job ${id}`);
      const key = table === "links" ? step.linksCheckpointKey : step.checkpointKey;
      if (!key)
        throw invalid(`step ${stepIndex + 1} "${step.name}" of job ${id} left no ${table === "links" ? "links table" : "table"} behind`);
      return sampleParquet({ storage, config }, key, { limit, offset }, view);
    },

    /** Dashboard figures: counts by status, success rate, mean duration, and recent runs per workflow. */
    async stats() {
      const since = new Date(Date.now() - 7 * 24 * 3600 * 1000);
      const [byStatus, durations, perWorkflow, queueStats] = await Promise.all([
        db.job.groupBy({ by: ["status"], _count: { _all: true } }),
        db.job.findMany({
          where: { status: "completed", startedAt: { not: null } },
          orderBy: { completedAt: "desc" },
          take: 500,
          select: { startedAt: true, completedAt: true },
        }),
        db.job.groupBy({
          by: ["workflowId", "status"],
          where: { createdAt: { gte: since } },
          _count: { _all: true },
          _max: { createdAt: true },
        }),
        queue.stats(),
      ]);
      const counts = Object.fromEntries(byStatus.map((g) => [g.status, g._count._all])) as Partial<Record<TJobStatus, number>>;
      const completed = counts.completed ?? 0;
      const failed = counts.failed ?? 0;
      const ms = durations.map((d) => d.completedAt!.getTime() - d.startedAt!.getTime());
      const names = new Map(
        (
          await db.workflow.findMany({
            where: { id: { in: [...new Set(perWorkflow.map((g) => g.workflowId))] } },
            select: { id: true, name: true },
          })
        ).map((w) => [w.id, w.name]),
      );
      const workflows = new Map<
        string,
        { workflowId: string; name: string; total: number; byStatus: Partial<Record<TJobStatus, number>>; lastRunAt: Date | null }
      >();
      for (const g of perWorkflow) {
        const w = workflows.get(g.workflowId) ?? {
          workflowId: g.workflowId,
          name: names.get(g.workflowId) ?? "?",
          total: 0,
          byStatus: {},
          lastRunAt: null,
        };
        w.total += g._count._all;
        w.byStatus[g.status as TJobStatus] = g._count._all;
        if (g._max.createdAt && (!w.lastRunAt || g._max.createdAt > w.lastRunAt)) w.lastRunAt = g._max.createdAt;
        workflows.set(g.workflowId, w);
      }
      return {
        counts,
        total: byStatus.reduce((n, g) => n + g._count._all, 0),
        /** completed / (completed + failed); null before any job finished. */
        successRate: completed + failed > 0 ? completed / (completed + failed) : null,
        /** Mean run time of the last 500 completed jobs. */
        averageDurationMs: ms.length ? Math.round(ms.reduce((a, b) => a + b, 0) / ms.length) : null,
        /** Jobs per workflow created in the last 7 days, most recent first. */
        recentByWorkflow: [...workflows.values()].sort((a, b) => (b.lastRunAt?.getTime() ?? 0) - (a.lastRunAt?.getTime() ?? 0)),
        queue: queueStats,
      };
    },
  };
}
