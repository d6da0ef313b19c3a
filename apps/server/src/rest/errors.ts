import { DomainError, type TDomainErrorKind, type TLogger, uploadTooLarge } from "@aw/core";
import type { ErrorRequestHandler, Response } from "express";
import multer from "multer";
import { internalErrorMessage, requestIdOf } from "../request-id.ts";

export type TErrorBody = { error: { code: string; message: string; fields?: Record<string, string>; requestId?: string } };

const DOMAIN_TO_HTTP: Record<TDomainErrorKind, [number, string]> = {
  NOT_FOUND: [404, "NOT_FOUND"],
  INVALID: [400, "BAD_REQUEST"],
  CONFLICT: [409, "CONFLICT"],
  TOO_LARGE: [413, "PAYLOAD_TOO_LARGE"],
  UNAVAILABLE: [503, "SERVICE_UNAVAILABLE"],
  INSUFFICIENT_STORAGE: [507, "INSUFFICIENT_STORAGE"],
};

export function sendError(res: Response, status: number, code: string, message: string, fields?: Record<string, string>): void {
  const requestId = requestIdOf(res);
  const body: TErrorBody = { error: { code, message, ...(fields ? { fields } : {}), ...(requestId ? { requestId } : {}) } };
  res.status(status).json(body);
}

/** The REST error boundary: every failure becomes `{ error: { code, message } }`, never a stack trace. */
export function restErrorHandler(uploadMaxBytes: number, log: TLogger): ErrorRequestHandler {
  return (thrown: unknown, req, res, next) => {
    if (res.headersSent) return next(thrown); // mid-stream: Express closes the connection
    if (req.destroyed && !req.readableEnded) return void res.destroy(); // the client left mid-request; nobody to answer
    const err = thrown instanceof multer.MulterError && thrown.code === "LIMIT_FILE_SIZE" ? uploadTooLarge(uploadMaxBytes) : thrown;
    if (err instanceof DomainError) {
      const [status, code] = DOMAIN_TO_HTTP[err.kind];
      return sendError(res, status, code, err.message, err.fields);
    }
    if (
      err instanceof multer.MulterError &&
      (err.code === "LIMIT_FILE_COUNT" || (err.code === "LIMIT_UNEXPECTED_FILE" && err.field === "file"))
    ) {
      return sendError(res, 400, "BAD_REQUEST", 'one file per upload, in the multipart field "file"');
    }
    if (err instanceof multer.MulterError && err.code === "LIMIT_UNEXPECTED_FILE") {
      return sendError(res, 400, "BAD_REQUEST", `unexpected file field "${err.field}": send the file in the multipart field "file"`);
    }
    if (err instanceof multer.MulterError) {
      return sendError(res, 400, "BAD_REQUEST", err.field ? `${err.message} (field "${err.field}")` : err.message);
    }
    const status = (err as { status?: unknown }).status;
    if (typeof status === "number" && status >= 400 && status < 500) {
      return sendError(res, status, "BAD_REQUEST", (err as Error).message);
    }
    const requestId = requestIdOf(res);
    log.error({ err, requestId, path: req.originalUrl.split("?")[0] }, "unexpected error");
    sendError(res, 500, "INTERNAL_SERVER_ERROR", internalErrorMessage(requestId));
  };
}
