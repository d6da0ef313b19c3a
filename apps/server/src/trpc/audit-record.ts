import type { TAuditRecord } from "@aw/core";
import type { TContext } from "./context.ts";

/** Records an action of this call's actor, with its address and request id. */
export const recordAudit = (ctx: TContext, event: Omit<TAuditRecord, "actor" | "ip" | "requestId">) =>
  ctx.core.audit.record({ ...event, actor: ctx.actor, ip: ctx.ip, requestId: ctx.requestId });
