import http from "node:http";
import { ConfigError, createCore, lifecycleLog, loadConfig } from "@aw/core";
import { createApp } from "./app.ts";
import { stopOnSignals } from "./ops/shutdown.ts";

async function main() {
  const config = loadConfig();
  // The port is taken before anything else is touched: a second server on a busy port stops here,
  // without migrating the database or picking up jobs.
  let handle: http.RequestListener = (_req, res) => void res.writeHead(503, { "Retry-After": "1" }).end("starting");
  const server = http.createServer((req, res) => handle(req, res));
  server.requestTimeout = 0; // a multi-GiB upload may take longer than Node's 5-minute default; headersTimeout still applies
  await listen(server, config.HOST, config.PORT);
  const core = await createCore(config);
  handle = createApp(core);
  // Signals are handled before the announcement: a supervisor may send SIGTERM as soon as it reads it.
  stopOnSignals(core, server);
  lifecycleLog(core.log).info(
    `AW App listening on http://${config.HOST}:${config.PORT} (database: ${config.databaseProvider}, storage: ${config.STORAGE_DRIVER}, queue: ${config.QUEUE_DRIVER})`,
  );
}

function listen(server: http.Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("listening", resolve).once("error", (err: NodeJS.ErrnoException) => {
      const where = `${host}:${port}`;
      if (err.code === "EADDRINUSE") reject(new ConfigError(`port ${where} is already in use (another AW App?); set PORT to another port`));
      else if (err.code === "EACCES") reject(new ConfigError(`no permission to listen on ${where}; set PORT above 1023`));
      else reject(err);
    });
    server.listen(port, host);
  });
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
