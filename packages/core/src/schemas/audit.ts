import { z } from "zod";

/** Every action the audit log records; the `auth.*`, `key.*` and `user.*` ones come from accounts. */
export const ZAuditActionSchema = z.enum([
  "data.upload",
  "data.delete",
  "workflow.create",
  "workflow.update",
  "workflow.delete",
  "job.create",
  "job.cancel",
  "job.retry",
  "job.approve",
  "job.reject",
  "job.delete",
  "auth.sign_in",
  "auth.sign_in_failed",
  "auth.sign_out",
  "key.created",
  "key.revoked",
  "user.created",
  "user.updated",
  "user.deleted",
]);
export type TAuditAction = z.infer<typeof ZAuditActionSchema>;

export const ZAuditTargetTypeSchema = z.enum(["artifact", "workflow", "job", "user", "key"]);
export type TAuditTargetType = z.infer<typeof ZAuditTargetTypeSchema>;

/** The audit log's list: newest first, filtered by actor name, action and time range. */
export const ZAuditListInputSchema = z
  .object({
    page: z.number().int().min(1).default(1),
    pageSize: z.number().int().min(1).max(200).default(50),
    actor: z.string().trim().min(1).max(200).optional(),
    action: ZAuditActionSchema.optional(),
    from: z.coerce.date().optional(),
    to: z.coerce.date().optional(),
  })
  .refine((v) => !v.from || !v.to || v.from <= v.to, { path: ["to"], message: "must not be before from" });
export type TAuditListInput = z.input<typeof ZAuditListInputSchema>;
