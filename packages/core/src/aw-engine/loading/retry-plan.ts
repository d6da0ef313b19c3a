import { analyzeDelimited, rankDelimiters } from "./dialect.ts";
import { detectEncodingBeyondHead } from "./encoding.ts";
import type { TInspection } from "./inspect.ts";
import type { TLoadParams } from "./types.ts";

export type TFailureKind =
  | "resources"
  | "binary"
  | "encoding"
  | "ragged"
  | "quoting"
  | "delimiter"
  | "types"
  | "json-shape"
  | "json-size"
  | "selection"
  | "format"
  | "unknown";

/** Control characters above this share of a decoded sample mean the content is not text. */
export const BINARY_CONTROL_SHARE = 0.05;

export type TRetryContext = {
  file: string;
  inspection: TInspection;
  tried: Set<string>;
  /** The failed attempt's error. */ message: string;
};
export type TNextStep = { params: TLoadParams; reason: string } | { stop: string };

export const paramsKey = (p: TLoadParams) =>
  JSON.stringify(
    Object.entries(p)
      .filter(([k, v]) => v !== undefined && k !== "jsonPathReason" && k !== "header")
      .toSorted(),
  );

/** Names the failure from DuckDB's message and, where the message is generic, from the content itself. */
export function classifyFailure(message: string, params: TLoadParams, inspection: TInspection): TFailureKind {
  // The workspace names the limit (see engine-errors.ts); other parameters would hit it again.
  if (/^ran out of (memory|spill space)/.test(message)) return "resources";
  if (/jsonPath|sheet/.test(message)) return "selection";
  if (/binary/i.test(message)) return "binary";
  if (/invalid unicode|byte sequence mismatch/i.test(message)) return "encoding";
  if (/maximum_object_size/i.test(message)) return "json-size";
  if (params.format === "json" || params.format === "jsonl") return /json/i.test(message) ? "json-shape" : "unknown";
  if (/no magic bytes|not a parquet|zip|central directory|end of data/i.test(message)) return "format";
  if (/could not convert|conversion error/i.test(message)) return "types";
  if (/splits the rows evenly/i.test(message)) return "delimiter";
  if (params.format !== "csv") return "unknown";
  const shape = analyzeDelimited(inspection.text, params.delimiter ?? ",");
  if (shape.openQuote || /unterminated quote/i.test(message)) return "quoting";
  const better = rankDelimiters(inspection.text).find((s) => s.delimiter !== params.delimiter && s.mode > 1 && s.consistency === 1);
  if (shape.consistency < 1 && better) return "delimiter";
  if (shape.consistency < 1 || /number of columns|too many columns|missing columns/i.test(message)) return "ragged";
  return "quoting";
}

function nextDelimiter(params: TLoadParams, ctx: TRetryContext): TNextStep {
  for (const shape of rankDelimiters(ctx.inspection.text)) {
    const candidate = { ...params, delimiter: shape.delimiter };
    if (shape.mode > 1 && !ctx.tried.has(paramsKey(candidate))) {
      return {
        params: candidate,
        reason: `delimiter ${JSON.stringify(shape.delimiter)} splits ${Math.round(shape.consistency * 100)}% of sampled rows into ${shape.mode} fields`,
      };
    }
  }
  return { stop: "no other delimiter splits the rows consistently" };
}

const untried = (candidate: TLoadParams, reason: string, ctx: TRetryContext): TNextStep | null =>
  ctx.tried.has(paramsKey(candidate)) ? null : { params: candidate, reason };

/** Decides how to change the parameters after a failed attempt, or that retrying cannot help. */
export async function planRetry(kind: TFailureKind, params: TLoadParams, ctx: TRetryContext): Promise<TNextStep> {
  const { inspection } = ctx;
  switch (kind) {
    case "resources":
      return { stop: ctx.message };
    case "binary":
      return {
        stop: `the content is binary (${Math.round(inspection.controlShare * 100)}% control characters) and its magic bytes match no supported format (Parquet "PAR1", XLSX zip, gzip)`,
      };
    case "encoding": {
      if (inspection.controlShare > BINARY_CONTROL_SHARE) return planRetry("binary", params, ctx);
      const found = params.encoding === "utf-8" ? await detectEncodingBeyondHead(ctx.file, inspection.compression) : null;
      for (const encoding of [found ?? "windows-1252", "windows-1252", "latin1"] as const) {
        const next = untried(
          { ...params, encoding: encoding === "utf-8" ? "windows-1252" : encoding },
          `content is not valid ${params.encoding}; transcoding from ${encoding}`,
          ctx,
        );
        if (next) return next;
      }
      return { stop: "no candidate encoding decodes the file" };
    }
    case "ragged":
      return (
        untried(
          { ...params, nullPadding: true, ignoreErrors: true },
          "rows have differing field counts: pad short rows with NULLs, skip unparseable ones",
          ctx,
        ) ?? nextDelimiter(params, ctx)
      );
    case "quoting":
      return (
        untried({ ...params, strictMode: false }, "quoting does not follow RFC 4180: relax strict mode", ctx) ??
        untried({ ...params, strictMode: false, quote: "", escape: "" }, "quotes do not pair up: read them as plain characters", ctx) ??
        untried({ ...params, strictMode: false, ignoreErrors: true }, "skip the rows that still do not parse", ctx) ??
        nextDelimiter(params, ctx)
      );
    case "delimiter":
      return nextDelimiter(params, ctx);
    case "types":
      return (
        untried(
          { ...params, sampleSize: -1 },
          "a value later in the file does not fit the sniffed type: infer types from the whole file",
          ctx,
        ) ??
        untried({ ...params, allVarchar: true }, "types still conflict: read every column as text", ctx) ?? {
          stop: "column types cannot be inferred",
        }
      );
    case "json-size": {
      const size = Math.min(
        2 ** 31 - 1,
        Math.max(2 * (params.maximumObjectSize ?? 16 * 1024 * 1024), inspection.sizeBytes * (inspection.compression === "gzip" ? 20 : 2)),
      );
      return (
        untried({ ...params, maximumObjectSize: size }, "the JSON document is one large object: raise the object size limit", ctx) ?? {
          stop: "the JSON document is too large to read as one object",
        }
      );
    }
    case "json-shape": {
      const other = params.format === "json" ? "jsonl" : "json";
      return (
        untried(
          { ...params, format: other, jsonPath: other === "jsonl" ? undefined : params.jsonPath },
          `not valid as ${params.format}: try ${other}`,
          ctx,
        ) ??
        (inspection.contentFormat === null
          ? untried(
              {
                format: "csv",
                compression: params.compression,
                encoding: params.encoding,
                delimiter: rankDelimiters(inspection.text)[0]?.delimiter,
              },
              "the content is not JSON: read it as delimited text",
              ctx,
            )
          : null) ?? {
          stop: "the content is neither a JSON array, an object of arrays nor newline-delimited JSON",
        }
      );
    }
    case "format": {
      const format = inspection.contentFormat ?? "csv";
      return (
        untried(
          { format, compression: inspection.compression, encoding: inspection.encoding },
          `the content is not ${params.format}: read it as ${format}`,
          ctx,
        ) ?? { stop: `the content is not ${params.format}` }
      );
    }
    case "selection":
      return { stop: "the requested part of the file does not exist" };
    case "unknown":
      return params.format === "csv" ? nextDelimiter(params, ctx) : { stop: "the error does not suggest a different way to read the file" };
  }
}
