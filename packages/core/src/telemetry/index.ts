import type { DestinationStream } from "pino";
import type { TConfig } from "../config.ts";
import { createLogger, type TLogger } from "./logger.ts";
import { createMetrics, type TMetrics } from "./metrics.ts";

export type TTelemetry = { log: TLogger; metrics: TMetrics };

/** A process's logger and metrics registry, built once with its core. */
export function createTelemetry(config: Pick<TConfig, "LOG_LEVEL" | "NODE_ENV">, destination?: DestinationStream): TTelemetry {
  return { log: createLogger(config, destination), metrics: createMetrics() };
}
