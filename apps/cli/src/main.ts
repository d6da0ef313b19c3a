import { CommanderError } from "commander";
import { loadConfig } from "./config.ts";
import { CliError, describeError, EXIT } from "./errors.ts";
import { createProgram } from "./program.ts";

const program = createProgram().exitOverride();
try {
  await program.parseAsync(process.argv);
  process.exit(0); // an SSE stream ended by unsubscribe may leave a socket open for a moment
} catch (err) {
  if (err instanceof CommanderError) process.exit(err.exitCode); // commander printed it already
  const url = await loadConfig().then(
    (config) => config.url,
    () => undefined,
  );
  process.stderr.write(`aw: ${err instanceof CliError ? err.message : describeError(err, url)}\n`);
  process.exit(err instanceof CliError ? err.exitCode : EXIT.error);
}
