import { z } from "zod";
import { ZRowViewSchema } from "./row-view.ts";
import { ZByIdSchema } from "./ids.ts";
import { ZPageSchema, ZSortOrderSchema } from "./pagination.ts";

/** What an uploaded or produced file holds, from its extension and first bytes. */
export const ZDataFormatSchema = z.enum(["csv", "tsv", "json", "jsonl", "parquet", "xlsx", "gzip", "unknown"]);
export type TDataFormat = z.infer<typeof ZDataFormatSchema>;

export const ZDataListInputSchema = ZPageSchema.extend({
  sort: z.enum(["createdAt", "filename", "sizeBytes"]).default("createdAt"),
  order: ZSortOrderSchema.default("desc"),
});
export type TDataListInput = z.input<typeof ZDataListInputSchema>;

/** `force` also deletes artifacts that jobs used as input or produced; those jobs keep a null reference. */
export const ZDataDeleteInputSchema = ZByIdSchema.extend({ force: z.boolean().default(false) });
export type TDataDeleteInput = z.input<typeof ZDataDeleteInputSchema>;

/** A page of an artifact's rows for `data.sample`. */
export const ZDataSampleInputSchema = ZByIdSchema.extend({
  limit: z.number().int().min(1).max(1000).default(100),
  offset: z.number().int().min(0).default(0),
  /** Sort and filter before paging; `total` then counts the rows the filters keep. */
  view: ZRowViewSchema.optional(),
});
export type TDataSampleInput = z.input<typeof ZDataSampleInputSchema>;

/** Where the background profile of an artifact stands. */
export const ZProfileStatusSchema = z.enum(["pending", "ready", "failed"]);
export type TProfileStatus = z.infer<typeof ZProfileStatusSchema>;

/**
 * An artifact's `metadata`: the quick profile taken in the background after upload, or why it
 * could not be taken. A job's result comes with its table's shape and snapshot; one without
 * `profileStatus` (its export predates a later change of the table) is profiled on first read.
 */
export const ZDataMetadataSchema = z.object({
  profileStatus: ZProfileStatusSchema.optional(),
  rowCount: z.number().int().optional(),
  columnCount: z.number().int().optional(),
  columns: z.array(z.object({ name: z.string(), type: z.string() })).optional(),
  /** The reading parameters the loading agent settled on (format, delimiter, encoding, date formats per column, the record arrays of a JSON document …). */
  loadParams: z.record(z.string(), z.unknown()).optional(),
  profileError: z.string().optional(),
  /** Storage key of the loaded table as Parquet, which sample and profile read instead of the file. */
  snapshotKey: z.string().optional(),
  /** The engine's full profile (`TProfile`), cached on first request; never sent with the artifact. */
  fullProfile: z.record(z.string(), z.unknown()).optional(),
});
export type TDataMetadata = z.infer<typeof ZDataMetadataSchema>;
