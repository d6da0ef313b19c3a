import fs from "node:fs/promises";
import path from "node:path";
import type { TAwClient, TUploaded } from "@aw/client";
import { CliError } from "./errors.ts";
import { progressBar } from "./progress.ts";

/** Uploads a local file with a progress bar on stderr. */
export async function uploadWithProgress(aw: TAwClient, file: string): Promise<TUploaded> {
  const stat = await fs.stat(file).catch(() => undefined);
  if (!stat?.isFile()) throw new CliError(`no such file: ${file}`);
  const bar = progressBar(`uploading ${path.basename(file)}`);
  try {
    return await aw.upload(file, { onProgress: (sent, total) => bar.update(sent, total) });
  } finally {
    bar.done();
  }
}
