import { pino, type DestinationStream, type Logger } from "pino";
import type { TConfig } from "../config.ts";

export type TLogger = Logger;

/**
 * The process's logger: one JSON object per line on stdout at LOG_LEVEL, readable lines through
 * pino-pretty in development. `destination` replaces stdout (tests read the lines from it).
 */
/** Start and stop lines: written at any LOG_LEVEL, so scripts and operators always see them. */
export const lifecycleLog = (log: TLogger): TLogger => log.child({}, { level: "info" });

export function createLogger(config: Pick<TConfig, "LOG_LEVEL" | "NODE_ENV">, destination?: DestinationStream): TLogger {
  const options = { level: config.LOG_LEVEL, base: { pid: process.pid } };
  if (destination) return pino(options, destination);
  if (config.NODE_ENV === "development") {
    return pino({ ...options, transport: { target: "pino-pretty", options: { ignore: "pid,hostname", translateTime: "SYS:HH:MM:ss.l" } } });
  }
  return pino(options);
}
