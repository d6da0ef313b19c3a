import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

/** Seconds, from a quick request to a long workflow step. */
const DURATION_BUCKETS = [0.005, 0.025, 0.1, 0.25, 1, 2.5, 10, 30, 120, 600];

/**
 * This process's Prometheus metrics, in a registry of its own (a test may build several cores).
 * Jobs by status and queue depth are read when scraped; the rest are counted as things happen.
 */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "aw_" });
  return {
    registry,
    httpRequestSeconds: new Histogram({
      name: "aw_http_request_duration_seconds",
      help: "HTTP requests by method, route and status code",
      labelNames: ["method", "route", "status"] as const,
      buckets: DURATION_BUCKETS,
      registers: [registry],
    }),
    stepSeconds: new Histogram({
      name: "aw_step_duration_seconds",
      help: "Workflow steps run in this process, by step type and outcome",
      labelNames: ["type", "status"] as const,
      buckets: DURATION_BUCKETS,
      registers: [registry],
    }),
    uploadBytes: new Counter({
      name: "aw_upload_bytes_total",
      help: "Bytes of files stored by uploads",
      registers: [registry],
    }),
    /** Gauges whose value is read at scrape time. */
    gaugeReadAtScrape(name: string, help: string, labelNames: string[], read: () => Promise<[Record<string, string>, number][]>) {
      return new Gauge({
        name,
        help,
        labelNames,
        registers: [registry],
        async collect() {
          const values = await read();
          this.reset();
          for (const [labels, value] of values) this.set(labels, value);
        },
      });
    },
  };
}

export type TMetrics = ReturnType<typeof createMetrics>;
