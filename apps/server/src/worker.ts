// Worker process: runs queued jobs from Redis (QUEUE_DRIVER=bullmq). Start as many as you like.
import { ConfigError, createCore, loadConfig } from "@aw/core";

async function main() {
  const config = loadConfig();
  if (config.QUEUE_DRIVER !== "bullmq") {
    throw new ConfigError("The worker needs QUEUE_DRIVER=bullmq and REDIS_URL; with the local driver the server runs jobs itself.");
  }
  const core = await createCore(config, { worker: true });
  console.log(
    `AW worker running jobs from ${config.QUEUE_PREFIX} (concurrency ${config.JOB_CONCURRENCY}, database: ${config.databaseProvider}, storage: ${config.STORAGE_DRIVER})`,
  );
  // Running jobs are put back in the queue and resume from their last completed step elsewhere.
  const shutdown = () => void core.close().finally(() => process.exit(0));
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
