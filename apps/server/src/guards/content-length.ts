import type { RequestHandler } from "express";
import { sendError } from "../rest/errors.ts";

/**
 * 413 from the Content-Length header alone, before a byte of the body is read, on a connection
 * that then closes (so the client stops sending). Bodies sent without a length are limited
 * while they stream, by whoever reads them.
 */
export function refuseLargerThan(maxBytes: number, message: (length: number) => string): RequestHandler {
  return (req, res, next) => {
    const length = Number(req.headers["content-length"]);
    if (!(length > maxBytes)) return next();
    res.setHeader("Connection", "close");
    sendError(res, 413, "PAYLOAD_TOO_LARGE", message(length));
  };
}
