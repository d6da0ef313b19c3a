import { ConfigError, createCore, loadConfig } from "@aw/core";
import { createApp } from "./app.ts";

async function main() {
  const config = loadConfig();
  const core = await createCore(config);
  const server = createApp(core).listen(config.PORT, config.HOST, () => {
    console.log(
      `AW App listening on http://${config.HOST}:${config.PORT} (database: ${config.databaseProvider}, storage: ${config.STORAGE_DRIVER}, queue: ${config.QUEUE_DRIVER})`,
    );
  });
  server.requestTimeout = 0; // a multi-GiB upload may take longer than Node's 5-minute default; headersTimeout still applies
  const shutdown = () => {
    server.close();
    void core.close().finally(() => process.exit(0));
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
