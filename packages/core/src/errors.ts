/** Typed domain errors; the server maps each kind once to a tRPC / HTTP status. */
export type TDomainErrorKind = "NOT_FOUND" | "INVALID" | "CONFLICT" | "TOO_LARGE" | "UNAVAILABLE" | "INSUFFICIENT_STORAGE";

export class DomainError extends Error {
  override name = "DomainError";
  constructor(
    readonly kind: TDomainErrorKind,
    message: string,
    /** Field-level messages, e.g. `{ "steps.0.config.target": "Invalid option" }`. */
    readonly fields?: Record<string, string>,
  ) {
    super(message);
  }
}

export const notFound = (what: string, id: string) => new DomainError("NOT_FOUND", `${what} ${id} not found`);
export const invalid = (message: string, fields?: Record<string, string>) => new DomainError("INVALID", message, fields);
export const conflict = (message: string) => new DomainError("CONFLICT", message);
export const tooLarge = (message: string) => new DomainError("TOO_LARGE", message);

/** Prisma's error for a write whose foreign key points at no row (either database, either client). */
export const isForeignKeyViolation = (err: unknown) => typeof err === "object" && err !== null && "code" in err && err.code === "P2003";
