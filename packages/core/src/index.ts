export * from "./config.ts";
export * from "./core.ts";
export * from "./errors.ts";
export * from "./schemas/index.ts";
export type { TDb } from "./db/client.ts";
