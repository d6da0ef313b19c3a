import type http from "node:http";
import { lifecycleLog, type TCore } from "@aw/core";

/**
 * On SIGTERM or SIGINT: stops accepting connections (when serving HTTP), lets running jobs go back
 * to the queue (they resume from their last completed step, here or on another process), closes
 * the database and exits 0. Past SHUTDOWN_TIMEOUT_SECONDS, or if closing fails, it exits 1.
 */
export function stopOnSignals(core: TCore, server?: http.Server): void {
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    const { config } = core;
    const log = lifecycleLog(core.log);
    log.info({ signal }, "stopping: no new connections; running jobs go back to the queue");
    setTimeout(() => {
      log.error(`did not stop within ${config.SHUTDOWN_TIMEOUT_SECONDS} s (SHUTDOWN_TIMEOUT_SECONDS); exiting`);
      process.exit(1);
    }, config.SHUTDOWN_TIMEOUT_SECONDS * 1000).unref();
    server?.close();
    server?.closeIdleConnections();
    try {
      await core.close();
    } catch (err) {
      log.error({ err }, "stopping failed");
      process.exit(1);
    }
    server?.closeAllConnections(); // live job streams end; their clients reconnect
    log.info("stopped");
    process.exit(0);
  };
  process.on("SIGTERM", (s) => void stop(s));
  process.on("SIGINT", (s) => void stop(s));
}
