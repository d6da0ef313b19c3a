import type { z } from "zod";
import type { TLedger } from "../../schemas/ledger.ts";
import type { ZLoadingConfigSchema } from "../../schemas/workflow.ts";
import type { TAttempt } from "../run-types.ts";

/** The loading step's options as a caller may give them (defaults applied by the agent). */
export type TLoadingOptions = z.input<typeof ZLoadingConfigSchema>;

export type TReadFormat = "csv" | "json" | "jsonl" | "parquet" | "xlsx" | "arrow";
export type TCompression = "none" | "gzip";
export type TSourceEncoding = "utf-8" | "latin1" | "windows-1252" | "utf-16le" | "utf-16be";

/** The concrete parameters of one read attempt; the final one is reported as `params`. */
export type TLoadParams = {
  format: TReadFormat;
  compression: TCompression;
  encoding: TSourceEncoding;
  /** CSV only. */
  delimiter?: string;
  header?: boolean;
  skipRows?: number;
  /** "," for European number formats such as `2,50` in semicolon-delimited files. */
  decimalSeparator?: string;
  quote?: string;
  escape?: string;
  strictMode?: boolean;
  nullPadding?: boolean;
  ignoreErrors?: boolean;
  /** Rows the type sniffer reads; -1 scans the whole file. */
  sampleSize?: number;
  allVarchar?: boolean;
  /** JSON: largest single value in bytes (a top-level object is one value). */
  maximumObjectSize?: number;
  /** JSON: the key of the record array inside a top-level object, e.g. `links`. */
  jsonPath?: string;
  /** JSON: why `jsonPath` was chosen when the caller did not name it. */
  jsonPathReason?: string;
  /** JSON: every record array the document holds, the loaded one included. */
  jsonArrays?: TJsonArray[];
  /** Text columns read as dates or timestamps, with the format that parsed every value (`%b %d %Y`, `epoch seconds` …). */
  dateFormats?: Record<string, string>;
  /** XLSX: the sheet read. */
  sheet?: string;
};

export type TColumnInfo = { name: string; type: string };

/** A record array inside a JSON document: its key path and its length. */
export type TJsonArray = { path: string; rows: number };

/** aw's loading metadata, camelCase. */
export type TLoadResult = {
  success: true;
  sourceUri: string;
  fileInfo: {
    sizeBytes: number;
    extension: string;
    detectedFormat: TReadFormat;
    encoding: TSourceEncoding;
    compression: TCompression;
  };
  tableInfo: { table: string; rowCount: number; columnCount: number; columns: TColumnInfo[] };
  params: TLoadParams;
  attempts: TAttempt[];
  numAttempts: number;
  warnings: string[];
  /** What loading did to the data: rows skipped, columns renamed or retyped, values parsed. */
  ledger: TLedger;
};

export type TLoadTableInput = {
  /** Local file to read. */
  path: string;
  /** The user's file name; its extension guides inference when `path` is a temp name. */
  filename: string;
  options?: TLoadingOptions;
  /** Table to create (replaced if it exists). */
  table?: string;
  /** Upper bound on read attempts, the first included. */
  maxAttempts?: number;
};

/** Thrown when every attempt failed; carries the attempts for the step metadata. */
export class LoadError extends Error {
  override name = "LoadError";
  constructor(
    message: string,
    readonly attempts: TAttempt[],
  ) {
    super(message);
  }
}
