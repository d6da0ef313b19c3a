// Worker process: runs queued jobs from Redis (QUEUE_DRIVER=bullmq). Start as many as you like.
import { ConfigError, createCore, lifecycleLog, loadConfig } from "@aw/core";
import { stopOnSignals } from "./ops/shutdown.ts";

async function main() {
  const config = loadConfig();
  if (config.QUEUE_DRIVER !== "bullmq") {
    throw new ConfigError("The worker needs QUEUE_DRIVER=bullmq and REDIS_URL; with the local driver the server runs jobs itself.");
  }
  const core = await createCore(config, { worker: true });
  // Signals are handled before the announcement: a supervisor may send SIGTERM as soon as it reads it.
  stopOnSignals(core);
  lifecycleLog(core.log).info(
    `AW worker running jobs from ${config.QUEUE_PREFIX} (concurrency ${config.JOB_CONCURRENCY}, database: ${config.databaseProvider}, storage: ${config.STORAGE_DRIVER})`,
  );
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
