export const ROLES = ["viewer", "editor", "approver", "admin"] as const;
export type TRole = (typeof ROLES)[number];
/** Who is acting: resolved once per request by the server, recorded by core (audit events). */
export type TActor = { userId: string | null; name: string; role: TRole; via: "session" | "apiKey" | "serviceToken" | "anonymous" };
