import { createAwClient, type TAwClient } from "@aw/client";
import { loadConfig } from "./config.ts";

/** The client for the configured server (aw login, or AW_URL / AW_TOKEN). */
export async function connect(): Promise<TAwClient> {
  const { url, token } = await loadConfig();
  return createAwClient(url, { token });
}
