import { z } from "zod";
import { ZCosmoMappingSchema } from "./cosmo.ts";
import { ZIdSchema } from "./ids.ts";
import { ZOperationSchema } from "./operations.ts";
import { ZValidationSpecSchema } from "./validation.ts";

/** The step contract the UI, the API and the engine share. */
export const STEP_TYPES = ["loading", "profiling", "preparing", "validation", "export"] as const;
export const ZStepTypeSchema = z.enum(STEP_TYPES);
export type TStepType = z.infer<typeof ZStepTypeSchema>;

export const LOAD_FORMATS = ["auto", "csv", "tsv", "delimited", "json", "jsonl", "parquet", "xlsx", "arrow"] as const;
export const ENCODINGS = ["auto", "utf-8", "latin1", "windows-1252", "utf-16le", "utf-16be"] as const;
export const PREPARE_TARGETS = ["cosmo-ready", "clean", "ml-ready", "plot-ready", "custom"] as const;
export const EXPORT_FORMATS = ["csv", "parquet", "json", "jsonl"] as const;

export const ZLoadingConfigSchema = z.object({
  format: z.enum(LOAD_FORMATS).default("auto"),
  delimiter: z.string().min(1).max(4).optional(),
  encoding: z.enum(ENCODINGS).default("auto"),
  header: z.boolean().optional(),
  sheet: z.string().max(200).optional(),
  /** For JSON objects holding record arrays, e.g. `links` of `{nodes, links}`. */
  jsonPath: z.string().max(200).optional(),
  /** The links array of a document that holds points and links, loaded beside the points (e.g. `links` of `{nodes, links}`). */
  linksPath: z.string().max(200).optional(),
  skipRows: z.number().int().min(0).optional(),
});

export const ZProfilingConfigSchema = z.object({
  histogramBins: z.number().int().min(2).max(200).default(20),
  topValues: z.number().int().min(1).max(100).default(10),
});

export const ZPreparingConfigSchema = z
  .object({
    target: z.enum(PREPARE_TARGETS),
    operations: z.array(ZOperationSchema).optional(),
    /** Explicit cosmo-ready column choices; the agent fills in the rest. */
    mapping: ZCosmoMappingSchema.optional(),
    /** Remove exact duplicate rows; never a default, and counted in the change ledger when asked for. */
    dedupe: z.boolean().default(false),
    /** ml-ready: columns with a larger share of NULLs are dropped (with a note) instead of imputed. */
    maxNullShare: z.number().min(0).max(1).default(0.5),
    useLlm: z.boolean().default(false),
  })
  .refine((c) => c.target !== "custom" || (c.operations?.length ?? 0) > 0, {
    message: "a custom target needs at least one operation",
    path: ["operations"],
  });

export type TPreparingConfig = z.infer<typeof ZPreparingConfigSchema>;

export const ZValidationConfigSchema = z.object({ spec: ZValidationSpecSchema });

export const ZExportConfigSchema = z.object({
  format: z.enum(EXPORT_FORMATS).default("csv"),
  filename: z.string().max(200).optional(),
});

const stepBase = {
  id: z.string().min(1).max(64).optional(),
  name: z.string().min(1).max(200),
  requireApproval: z.boolean().default(false),
  maxRetries: z.number().int().min(0).max(10).optional(),
};

export const ZStepSchema = z.discriminatedUnion("type", [
  z.object({ ...stepBase, type: z.literal("loading"), config: ZLoadingConfigSchema }),
  z.object({ ...stepBase, type: z.literal("profiling"), config: ZProfilingConfigSchema }),
  z.object({ ...stepBase, type: z.literal("preparing"), config: ZPreparingConfigSchema }),
  z.object({ ...stepBase, type: z.literal("validation"), config: ZValidationConfigSchema }),
  z.object({ ...stepBase, type: z.literal("export"), config: ZExportConfigSchema }),
]);
export type TStep = z.infer<typeof ZStepSchema>;
export type TStepInput = z.input<typeof ZStepSchema>;

export const ZGlobalConfigSchema = z.object({
  maxRetries: z.number().int().min(0).max(10).optional(),
  timeoutSeconds: z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 3600)
    .optional(),
  approvalTimeoutSeconds: z.number().int().min(1).optional(),
  approvalTimeoutAction: z.enum(["approve", "reject"]).default("reject"),
  llm: z.object({ enabled: z.boolean().default(false), model: z.string().max(200).optional() }).default({ enabled: false }),
});
export type TGlobalConfig = z.infer<typeof ZGlobalConfigSchema>;

export const ZWorkflowDefinitionSchema = z.object({
  name: z.string().trim().min(1, "name is required").max(200, "name is at most 200 characters"),
  description: z.string().max(2000).default(""),
  steps: z.array(ZStepSchema).min(1, "a workflow needs at least one step").max(50),
  globalConfig: ZGlobalConfigSchema.default({ approvalTimeoutAction: "reject", llm: { enabled: false } }),
});
export type TWorkflowDefinition = z.infer<typeof ZWorkflowDefinitionSchema>;
export type TWorkflowDefinitionInput = z.input<typeof ZWorkflowDefinitionSchema>;

export const ZWorkflowUpdateSchema = ZWorkflowDefinitionSchema.extend({
  id: ZIdSchema,
  /** When given, the update is refused if someone saved a newer version meanwhile. */
  expectedVersion: z.number().int().min(1).optional(),
});
export type TWorkflowUpdate = z.infer<typeof ZWorkflowUpdateSchema>;
