import type { EventEmitter } from "node:events";
import { invalid } from "@aw/core";
import type { Request, RequestHandler } from "express";
import multer from "multer";

/** multer 2.5's hook for feeding busboy (not in @types/multer yet). */
type TBusboy = NodeJS.WritableStream & EventEmitter & { errored: Error | null };
type TOptions = TUploadOptions & { streamHandler(req: Request, busboy: TBusboy): void };
/** multer's options with busboy's buffer sizes, which multer 2.5 passes on (not in @types/multer yet). */
export type TUploadOptions = multer.Options & { highWaterMark?: number; fileHwm?: number };

/**
 * multer for the one file of the multipart field "file", telling a client's malformed body from
 * a server failure: whatever busboy rejects (no boundary, a truncated body, a broken part header)
 * becomes a 400 naming busboy's reason instead of an internal error. A "file" part with an empty
 * file name, which multer drops without a word, is refused with that reason too.
 */
export function singleFileUpload(options: TUploadOptions): RequestHandler {
  const parsers = new WeakMap<Request, TBusboy>();
  const parseErrors = new WeakSet<object>();
  const unnamed = new WeakSet<Request>();
  const withParser: TOptions = {
    ...options,
    streamHandler(req, busboy) {
      parsers.set(req, busboy);
      // A broken part header is emitted at once; first in line, it is known before multer reports it.
      busboy.prependListener("error", (err: unknown) => typeof err === "object" && err !== null && parseErrors.add(err));
      busboy.on(
        "file",
        (field: string, _stream: unknown, info: { filename?: string }) => field === "file" && !info.filename && unnamed.add(req),
      );
      req.pipe(busboy);
    },
  };
  const upload = multer(withParser).single("file");
  return (req, res, next) =>
    upload(req, res, (err?: unknown) => {
      // Before the body reaches busboy, multer fails only when busboy refuses the Content-Type. A
      // truncated body destroys busboy with its error, which multer may hear (from the file) first.
      const parser = parsers.get(req);
      const malformed =
        err instanceof Error && !(err instanceof multer.MulterError) && (!parser || parseErrors.has(err) || parser.errored === err);
      if (malformed) return next(invalid(`malformed multipart/form-data body: ${err.message}`));
      // A part without a file name is text to busboy, or a file multer skips.
      const nameless = unnamed.has(req) || typeof (req.body as Record<string, unknown> | undefined)?.file === "string";
      if (!err && !req.file && nameless)
        return next(invalid('the multipart field "file" has no file name; send it as a file with its name', { filename: "missing" }));
      next(err);
    });
}
