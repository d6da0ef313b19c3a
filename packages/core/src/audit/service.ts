import type { TDb } from "../db/client.ts";
import type { TActor } from "../schemas/actor.ts";
import { ZAuditListInputSchema, type TAuditAction, type TAuditListInput, type TAuditTargetType } from "../schemas/audit.ts";

/** What one action records; the actor is who the server resolved for the request. */
export type TAuditRecord = {
  actor: TActor;
  action: TAuditAction;
  target?: { type: TAuditTargetType; id: string };
  summary: string;
  details?: Record<string, unknown>;
  ip?: string;
  requestId?: string;
};

export type TAuditEvent = {
  id: string;
  at: Date;
  actorUserId: string | null;
  actorName: string;
  via: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  summary: string;
  details: Record<string, unknown>;
  ip: string | null;
  requestId: string | null;
};

/** Detail keys that could hold a credential: never stored, whatever the caller passes. */
const SECRET_KEY = /pass(word)?|secret|token|api[-_]?key|^key$|authorization|cookie/i;

function withoutSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (value && typeof value === "object" && !(value instanceof Date))
    return Object.fromEntries(Object.entries(value).flatMap(([k, v]) => (SECRET_KEY.test(k) ? [] : [[k, withoutSecrets(v)]])));
  return value;
}

export type TAuditService = ReturnType<typeof createAuditService>;

export function createAuditService(db: TDb) {
  return {
    /** Records one action; the accounts branch calls this for sign-in, keys and users too. */
    async record({ actor, action, target, summary, details = {}, ip, requestId }: TAuditRecord): Promise<void> {
      await db.auditEvent.create({
        data: {
          actorUserId: actor.userId,
          actorName: actor.name,
          via: actor.via,
          action,
          targetType: target?.type ?? null,
          targetId: target?.id ?? null,
          summary,
          details: JSON.stringify(withoutSecrets(details)),
          ip: ip ?? null,
          requestId: requestId ?? null,
        },
      });
    },

    /** A page of events, newest first. */
    async list(input: TAuditListInput) {
      const { page, pageSize, actor, action, from, to } = ZAuditListInputSchema.parse(input);
      const where = {
        ...(actor ? { actorName: actor } : {}),
        ...(action ? { action } : {}),
        ...(from || to ? { at: { ...(from ? { gte: from } : {}), ...(to ? { lte: to } : {}) } } : {}),
      };
      const [rows, total] = await db.$transaction([
        db.auditEvent.findMany({ where, orderBy: [{ at: "desc" }, { id: "desc" }], skip: (page - 1) * pageSize, take: pageSize }),
        db.auditEvent.count({ where }),
      ]);
      const items: TAuditEvent[] = rows.map((r) => ({ ...r, details: JSON.parse(r.details) as Record<string, unknown> }));
      return { items, total, page, pageSize };
    },

    /** The names that have acted, for the log's user filter. */
    async actors(): Promise<string[]> {
      const rows = await db.auditEvent.findMany({ distinct: ["actorName"], select: { actorName: true }, orderBy: { actorName: "asc" } });
      return rows.map((r) => r.actorName);
    },

    /** Deletes events older than `days` (0 keeps everything); answers how many went. */
    async sweep({ days, now = new Date() }: { days: number; now?: Date }): Promise<number> {
      if (days <= 0) return 0;
      const cutoff = new Date(now.getTime() - days * 24 * 3600 * 1000);
      return (await db.auditEvent.deleteMany({ where: { at: { lt: cutoff } } })).count;
    },
  };
}
