import type { z } from "zod";

/** A stored JSON column that no longer fits the contract; the message names the row and the field, so an operator can find it. */
export class StoredDataError extends Error {
  override name = "StoredDataError";
}

/**
 * Parses a JSON column as it is read from the database. Older shapes upgrade on the way in
 * (through the schema's defaults and preprocessing); what cannot be upgraded fails here, not deep inside a run.
 */
export function parseStored<S extends z.ZodType>(schema: S, value: unknown, row: string, column: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${[column, ...i.path].join(".")}: ${i.message}`).join("; ");
  throw new StoredDataError(`${row} holds stored data that does not parse: ${problems}`);
}
