import { z } from "zod";
import { ZDataFormatSchema, ZDataMetadataSchema } from "./data.ts";
import { ZJobStatusSchema } from "./jobs.ts";
import { ZGlobalConfigSchema, ZStepSchema, ZWorkflowDefinitionSchema } from "./workflow.ts";

/**
 * What the API answers, for its OpenAPI description: the fields a script relies on, each as it is.
 * Objects are loose, so fields added later pass through (and are listed under
 * `additionalProperties`); the server checks every answer against these before sending it.
 */

/** A page of a list. */
const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });

export const ZDataArtifactAnswerSchema = z
  .looseObject({
    id: z.string(),
    filename: z.string(),
    sizeBytes: z.number().describe("bytes stored"),
    contentType: z.string(),
    format: ZDataFormatSchema,
    sha256: z.string(),
    metadata: z.looseObject(ZDataMetadataSchema.shape).describe("profile status and summary (row and column counts, columns)"),
    sourceJobId: z.string().nullable().describe("the job that produced this file, if any"),
    parentId: z.string().nullable(),
    createdAt: z.date(),
  })
  .meta({ id: "DataArtifact" });

export const ZDataArtifactPageSchema = page(ZDataArtifactAnswerSchema);

export const ZWorkflowAnswerSchema = z
  .looseObject({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    version: z.number().int().describe("increases with every saved change; jobs run the version they were created with"),
    steps: z.array(ZStepSchema),
    globalConfig: ZGlobalConfigSchema,
    createdAt: z.date(),
    updatedAt: z.date(),
  })
  .meta({ id: "Workflow" });

export const ZWorkflowPageSchema = page(ZWorkflowAnswerSchema);

const jobFields = {
  id: z.string(),
  workflowId: z.string(),
  workflowVersion: z.number().int(),
  status: ZJobStatusSchema,
  inputDataId: z.string().nullable(),
  resultDataId: z.string().nullable().describe("the result file, once the job completed"),
  error: z.string().nullable(),
  progress: z.number().int().min(0).max(100),
  currentStep: z.number().int().nullable().describe("index of the running (or last) step, from 0"),
  attempt: z.number().int(),
  createdAt: z.date(),
  startedAt: z.date().nullable(),
  completedAt: z.date().nullable(),
};

/** A job as created or changed (create, cancel, approve, reject, retry). */
export const ZJobAnswerSchema = z.looseObject(jobFields).meta({ id: "Job" });

const ZNamedJobSchema = z
  .looseObject({
    ...jobFields,
    workflowName: z.string(),
    inputName: z.string().nullable(),
    resultName: z.string().nullable(),
  })
  .meta({ id: "JobListItem" });

export const ZJobPageSchema = page(ZNamedJobSchema);

export const ZJobDetailAnswerSchema = z.object({
  job: ZNamedJobSchema,
  steps: z.array(
    z.looseObject({
      index: z.number().int(),
      name: z.string(),
      type: z.string(),
      status: z.string().describe("pending, running, awaiting_approval, completed, failed or rejected"),
    }),
  ),
  logs: z.array(z.looseObject({ sequence: z.number().int(), level: z.string(), message: z.string(), time: z.string() })),
  nextLogCursor: z.number().int().nullable().describe("pass as logCursor for the next page of logs"),
});

export const ZDataDeleteAnswerSchema = z.object({
  id: z.string(),
  detachedJobs: z.number().int().describe("jobs that used the file, now without it"),
});

export const ZTemplateAnswerSchema = z
  .object({ id: z.string(), name: z.string(), description: z.string(), definition: ZWorkflowDefinitionSchema })
  .meta({ id: "Template" });

export const ZApiErrorSchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      fields: z.record(z.string(), z.string()).optional(),
      requestId: z.string().optional(),
    }),
  })
  .meta({ id: "RestError" });
