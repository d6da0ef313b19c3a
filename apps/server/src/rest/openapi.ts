import type { TCore } from "@aw/core";
import { ZApiErrorSchema, ZByIdSchema, ZDataArtifactAnswerSchema } from "@aw/core/schemas";
import express from "express";
import swaggerUi from "swagger-ui-express";
import { createContext } from "../trpc/context.ts";
import { createOpenApiExpressMiddleware, generateOpenApiDocument } from "trpc-to-openapi";
import { z } from "zod";
import { logUnexpected } from "../trpc/log-unexpected.ts";
import { appRouter } from "../trpc/router.ts";

const errors = (...statuses: number[]) =>
  Object.fromEntries(
    statuses.map((status) => [
      String(status),
      { description: "what went wrong", content: { "application/json": { schema: ZApiErrorSchema } } },
    ]),
  );

/**
 * The API for scripts in any language, described from the same zod schemas the procedures use:
 * every procedure with an `openapi` meta as plain JSON under /api/v1, and the multipart upload
 * and streamed download, which are REST routes of their own.
 */
export function openApiDocument(version: string) {
  return generateOpenApiDocument(appRouter, {
    title: "AW App API",
    description:
      "Upload files, build workflows, run jobs and download results. With AW_API_TOKEN set on the server, send `Authorization: Bearer <token>`. " +
      "Errors are JSON with `message`, `code` and `data.requestId` (also in the `X-Request-Id` header); the REST upload and download answer `{ error: { code, message, requestId } }`.",
    version,
    openApiVersion: "3.1.0",
    baseUrl: "/api/v1",
    securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "AW_API_TOKEN, when the server sets one" } },
    tags: ["data", "workflows", "jobs"],
    paths: {
      "/data/upload": {
        post: {
          tags: ["data"],
          summary:
            "Upload a file: multipart (field `file`), or the file as the whole body (application/octet-stream, named by `filename`, the faster); its profile follows in the background",
          requestParams: {
            query: z.object({
              filename: z.string().optional().meta({ description: "the file's name, for an application/octet-stream body" }),
            }),
          },
          requestBody: {
            content: {
              "multipart/form-data": { schema: z.object({ file: z.string().meta({ format: "binary" }) }) },
              "application/octet-stream": { schema: z.string().meta({ format: "binary" }) },
            },
          },
          responses: {
            "201": { description: "the stored file", content: { "application/json": { schema: ZDataArtifactAnswerSchema } } },
            ...errors(400, 401, 413, 507),
          },
        },
      },
      "/data/{id}/download": {
        get: {
          tags: ["data"],
          summary: "Download a file, streamed (Range requests supported)",
          requestParams: { path: ZByIdSchema },
          responses: {
            "200": {
              description: "the file's bytes",
              content: { "application/octet-stream": { schema: z.string().meta({ format: "binary" }) } },
            },
            "206": { description: "the requested range" },
            ...errors(401, 404, 416),
          },
        },
      },
    },
  });
}

/** `/api/openapi.json`, the docs page at `/api/docs`, and the documented procedures under `/api/v1`. */
export function openApiRoutes(core: TCore) {
  const document = openApiDocument(core.config.version);
  const docs = express.Router();
  docs.get("/openapi.json", (_req, res) => void res.json(document));
  docs.use(
    "/docs",
    swaggerUi.serve,
    swaggerUi.setup(undefined, { swaggerOptions: { url: "/api/openapi.json" }, customSiteTitle: "AW App API" }),
  );
  const handle = createOpenApiExpressMiddleware({
    router: appRouter,
    createContext: ({ req, res }) => createContext(core, req, res),
    maxBodySize: core.config.TRPC_MAX_BODY_BYTES,
    onError: logUnexpected(core),
  });
  // Only the described routes go to the procedures; anything else falls through to the API's own 404.
  const described = Object.keys(document.paths ?? {}).map((p) => new RegExp(`^${p.replace(/\{[^/]+\}/g, "[^/]+")}/?$`));
  const procedures: express.RequestHandler = (req, res, next) =>
    described.some((route) => route.test(req.path)) ? void handle(req, res) : next();
  return { docs, procedures };
}
