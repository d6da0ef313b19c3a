import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { z } from "zod";

const ZConfigSchema = z.object({ url: z.url(), token: z.string().min(1).optional() });
export type TConfig = z.infer<typeof ZConfigSchema>;

/** `$XDG_CONFIG_HOME/aw/config.json`, else `~/.config/aw/config.json`. */
export function configPath(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CONFIG_HOME || path.join(os.homedir(), ".config");
  return path.join(base, "aw", "config.json");
}

async function readStored(file: string): Promise<Partial<TConfig>> {
  let text: string;
  try {
    text = await fs.readFile(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw err;
  }
  const parsed = ZConfigSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`${file} is not a valid aw config (${z.prettifyError(parsed.error)}); run aw login again`);
  return parsed.data;
}

/** The server to talk to: AW_URL / AW_TOKEN override what `aw login` stored. */
export async function loadConfig(env: NodeJS.ProcessEnv = process.env): Promise<TConfig> {
  const stored = await readStored(configPath(env));
  const url = env.AW_URL || stored.url;
  if (!url) throw new Error("not logged in: run aw login --url URL (or set AW_URL)");
  const token = env.AW_TOKEN || stored.token;
  return { url, ...(token ? { token } : {}) };
}

/** Writes the config readable by its owner only (it may hold a token). */
export async function saveConfig(config: TConfig, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const file = configPath(env);
  await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await fs.writeFile(file, `${JSON.stringify(ZConfigSchema.parse(config), null, 2)}\n`, { mode: 0o600 });
  await fs.chmod(file, 0o600); // an existing file keeps its mode on write
  return file;
}
