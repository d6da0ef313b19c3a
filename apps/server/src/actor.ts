import { createHash, timingSafeEqual } from "node:crypto";
import type { TActor, TCore } from "@aw/core";
import type { Request, RequestHandler } from "express";

const digest = (s: string) => createHash("sha256").update(s).digest();

/** Who a request acts as. Until accounts exist: the API token's holder, or anonymous (full rights). */
export function requestActor(core: TCore, req: Request): Promise<TActor> {
  const token = core.config.AW_API_TOKEN;
  const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? "")?.[1]?.trim();
  if (token && bearer && timingSafeEqual(digest(bearer), digest(token))) {
    return Promise.resolve({ userId: null, name: "api token", role: "admin", via: "serviceToken" });
  }
  return Promise.resolve({ userId: null, name: "anonymous", role: "admin", via: "anonymous" });
}

/** Resolves the actor of a REST request into `res.locals.actor`. */
export const actorOfRequest =
  (core: TCore): RequestHandler =>
  (req, res, next) =>
    void requestActor(core, req).then((actor) => {
      res.locals.actor = actor;
      next();
    }, next);
