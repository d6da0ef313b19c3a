import type { TConfig } from "../config.ts";

/**
 * A case-insensitive `contains` filter. SQLite's LIKE is already case-insensitive for ASCII and
 * Prisma rejects `mode` there; PostgreSQL needs `mode: "insensitive"`.
 */
export function containsText(config: Pick<TConfig, "databaseProvider">, text: string) {
  return config.databaseProvider === "postgresql" ? { contains: text, mode: "insensitive" as const } : { contains: text };
}
