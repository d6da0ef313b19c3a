import type { z } from "zod";

/**
 * A procedure's answer schema, for `.output()`: the server checks each answer against it and the
 * OpenAPI description shows it, while the procedure keeps the exact TypeScript type of what `F`
 * (the core function it calls) returns, so typed clients lose nothing to the looser schema.
 */
export const answers = <F extends (...args: never[]) => unknown>(schema: z.ZodType) =>
  schema as unknown as z.ZodType<Awaited<ReturnType<F>>, unknown>;
