/** Where an audit event's target lives in the UI, when it has a page. */
export function auditTargetPath(targetType: string | null, targetId: string | null): string | undefined {
  if (!targetId) return undefined;
  if (targetType === "job") return `/jobs/${targetId}`;
  if (targetType === "workflow") return `/workflows/${targetId}`;
  if (targetType === "artifact") return `/data/${targetId}`;
  return undefined;
}
