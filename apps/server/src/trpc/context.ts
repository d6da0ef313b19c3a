import type { TActor, TCore } from "@aw/core";
import type { Request, Response } from "express";
import { requestActor } from "../actor.ts";
import { rateLimitCaller } from "../rate-limit-caller.ts";
import { requestIdOf } from "../request-id.ts";

export type TContext = {
  core: TCore;
  requestId?: string;
  actor: TActor;
  /** The caller's address, recorded with audit events. */
  ip?: string;
  /** Who the rate limits count (see rate-limit-caller.ts). */
  caller: string;
  /** For the Retry-After header of a 429. */
  res: Pick<Response, "setHeader">;
};

/** The context of every tRPC call, from /trpc or the OpenAPI routes. */
export async function createContext(core: TCore, req: Request, res: Response): Promise<TContext> {
  const actor = await requestActor(core, req);
  res.locals.actor = actor;
  return { core, requestId: requestIdOf(res), actor, ip: req.ip, caller: rateLimitCaller(req), res };
}
