import { pipeline } from "node:stream/promises";
import { humanBytes, requireFreeDisk, type TActor, type TCore, type TDataArtifact } from "@aw/core";
import { PassThrough, type Readable } from "node:stream";
import { Router, type Request, type RequestHandler, type Response } from "express";
import type multer from "multer";
import { refuseLargerThan } from "../guards/content-length.ts";
import { attachmentDisposition } from "./content-disposition.ts";
import { requestIdOf } from "../request-id.ts";
import { sendError } from "./errors.ts";
import { rateLimited } from "./rate-limits.ts";
import { singleFileUpload } from "./multipart.ts";

/**
 * Room for the form around the file (boundaries, part headers, up to 20 fields of 16 KiB): a body
 * longer than UPLOAD_MAX_BYTES plus this holds a file over the limit.
 */
const FORM_ALLOWANCE_BYTES = 1024 ** 2;

/**
 * busboy's buffers for the request body and the file stream (its default is 64 KiB): larger chunks
 * mean fewer parser, meter and write calls per GiB, for 2 MiB of memory per upload.
 */
const STREAM_BUFFER_BYTES = 1024 ** 2;

type TStoredFile = Express.Multer.File & { artifact: TDataArtifact };

/** Streams one file of `req` into the data service; a client that disconnects mid-body aborts the ingest, which then removes what it stored. */
async function ingestFrom(core: TCore, req: Request, file: { filename: string; contentType?: string; stream: Readable }) {
  const abort = new AbortController();
  const onClose = () => req.readableEnded || abort.abort(new Error("client disconnected"));
  req.once("close", onClose);
  try {
    return await core.data.ingestUpload({ ...file, signal: abort.signal });
  } finally {
    req.off("close", onClose);
  }
}

/** A multer engine that streams each file straight into the data service: no memory or temp-disk buffering. */
function dataServiceEngine(core: TCore): multer.StorageEngine {
  return {
    _handleFile(req: Request, file, callback) {
      ingestFrom(core, req, { filename: file.originalname, contentType: file.mimetype, stream: file.stream }).then(
        (artifact) => callback(null, { artifact, size: artifact.sizeBytes, path: artifact.storageKey } as Partial<TStoredFile>),
        (err: unknown) => callback(err as Error),
      );
    },
    // multer calls this when the request fails after a file was stored (e.g. a later part broke a limit).
    _removeFile(_req, file, callback) {
      const { artifact } = file as TStoredFile;
      core.data.delete({ id: artifact.id, force: true }).then(
        () => callback(null),
        (err: unknown) => callback(err as Error),
      );
    },
  };
}

/** REST for files: multipart upload and streamed, range-capable download. */
export function dataRoutes(core: TCore): Router {
  const routes = Router();
  const maxBytes = core.config.UPLOAD_MAX_BYTES;
  const upload = singleFileUpload({
    storage: dataServiceEngine(core),
    highWaterMark: STREAM_BUFFER_BYTES,
    fileHwm: STREAM_BUFFER_BYTES,
    defParamCharset: "utf8", // browsers and fetch send file names as raw UTF-8, not latin1
    preservePath: true, // the name as sent, so the data service can refuse ".." instead of multer dropping the file
    // The ingest's meter enforces UPLOAD_MAX_BYTES and cleans up after itself; busboy's own limit
    // would instead truncate the file stream silently, so it sits one byte above as a backstop.
    limits: { fileSize: maxBytes + 1, files: 1, fields: 20, parts: 21, fieldSize: 16 * 1024 },
  });
  const tooLong = refuseLargerThan(
    maxBytes + FORM_ALLOWANCE_BYTES,
    (length) =>
      `the request body of ${humanBytes(length)} is larger than the upload limit of ${humanBytes(maxBytes)} (plus ${humanBytes(FORM_ALLOWANCE_BYTES)} for the form around the file)`,
  );

  // 507 before the body is read while the disk is below DISK_MIN_FREE_BYTES (the ingest checks again).
  const diskFloor: RequestHandler = (_req, _res, next) => void requireFreeDisk(core.config).then(() => next(), next);

  const created = async (res: Response, artifact: TDataArtifact) => {
    await core.audit.record({
      actor: res.locals.actor as TActor,
      action: "data.upload",
      target: { type: "artifact", id: artifact.id },
      summary: `uploaded ${artifact.filename} (${humanBytes(artifact.sizeBytes)})`,
      details: { filename: artifact.filename, sizeBytes: artifact.sizeBytes, sha256: artifact.sha256 },
      ip: res.req.ip,
      requestId: requestIdOf(res),
    });
    res.status(201).location(`/api/v1/data/${artifact.id}/download`).json(artifact);
  };
  const apiLimit = rateLimited(core.rateLimits.api);
  const uploadLimit = rateLimited(core.rateLimits.upload);

  // The file as the whole body, named in the query: no multipart parsing, which costs more than
  // hashing and storing the bytes (bench/upload/cost-model.mjs). Scripts and the web UI send this.
  const rawBody: RequestHandler = (req, res, next) => {
    if (!req.is("application/octet-stream")) return next();
    const { filename } = req.query;
    if (typeof filename !== "string" || filename === "")
      return sendError(res, 400, "BAD_REQUEST", "name the file in the query: /api/v1/data/upload?filename=<name>");
    // The ingest destroys the stream it reads when it stops early (over the limit, say); reading
    // through a pass-through keeps the request, whose rest is drained so the client hears the answer.
    const body = req.pipe(new PassThrough({ highWaterMark: STREAM_BUFFER_BYTES }));
    ingestFrom(core, req, { filename, stream: body })
      .then((artifact) => created(res, artifact))
      .catch(next)
      .finally(() => {
        req.unpipe(body);
        req.resume();
      });
  };

  routes.post("/data/upload", apiLimit, uploadLimit, tooLong, diskFloor, rawBody, upload, (req, res, next) => {
    const file = req.file as TStoredFile | undefined;
    if (!file)
      return sendError(
        res,
        400,
        "BAD_REQUEST",
        'send the file as multipart/form-data in the field "file", or as an application/octet-stream body with ?filename=<name>',
      );
    created(res, file.artifact).catch(next);
  });

  routes.use("/data/:id/download", apiLimit);
  routes.get("/data/:id/download", async (req, res) => {
    const artifact = await core.data.get(req.params.id);
    const size = artifact.sizeBytes;
    const ranges = req.headers.range ? req.range(size, { combine: true }) : undefined;
    if (ranges === -1) {
      res.setHeader("Content-Range", `bytes */${size}`);
      return sendError(
        res,
        416,
        "RANGE_NOT_SATISFIABLE",
        `range ${req.headers.range} is outside the ${size} bytes of ${artifact.filename}`,
      );
    }
    // Malformed or multi-part ranges are ignored, as RFC 9110 allows: the whole file is sent.
    const range = Array.isArray(ranges) && ranges.length === 1 && ranges.type === "bytes" ? ranges[0] : undefined;

    res.setHeader("Content-Type", artifact.contentType);
    res.setHeader("Content-Disposition", attachmentDisposition(artifact.filename));
    res.setHeader("Accept-Ranges", "bytes");
    res.setHeader("ETag", `"${artifact.sha256}"`);
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Cache-Control", "private, no-cache");
    if (range) {
      res.status(206).setHeader("Content-Range", `bytes ${range.start}-${range.end}/${size}`);
      res.setHeader("Content-Length", range.end - range.start + 1);
    } else {
      res.setHeader("Content-Length", size);
    }
    if (req.method === "HEAD") return void res.end();

    const { body } = await core.data.open(artifact.id, range);
    // A client that leaves mid-download only ends this stream; nothing to report.
    await pipeline(body, res).catch(() => {});
  });

  return routes;
}
