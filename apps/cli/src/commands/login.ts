import { createAwClient } from "@aw/client";
import type { Command } from "commander";
import { saveConfig } from "../config.ts";
import { CliError, describeError } from "../errors.ts";

export function loginCommand(program: Command): void {
  program
    .command("login")
    .description("check a server and remember it (and its token) for the next commands")
    .requiredOption("--url <url>", "the server, e.g. http://127.0.0.1:3000")
    .option("--token <token>", "the server's AW_API_TOKEN, when it has one")
    .action(async ({ url, token }: { url: string; token?: string }) => {
      if (!URL.canParse(url)) throw new CliError(`not a URL: ${url}`);
      const aw = createAwClient(url, { token });
      // health.check is behind the token too: a wrong one fails here, not at the next command
      const health = await aw.health.check.query().catch((err: unknown) => {
        throw new CliError(describeError(err, aw.url));
      });
      const file = await saveConfig({ url: aw.url, ...(token ? { token } : {}) });
      process.stdout.write(`logged in to ${aw.url} (version ${health.version}${health.ok ? "" : ", not healthy"}); saved in ${file}\n`);
    });
}
