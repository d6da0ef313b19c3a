import type { Command } from "commander";
import { print } from "../output.ts";
import { connect } from "../session.ts";
import { uploadWithProgress } from "../upload-file.ts";

export function uploadCommand(program: Command): void {
  program
    .command("upload")
    .description("upload a file; prints the new data id")
    .argument("<file>", "the file to upload")
    .option("--json", "print the upload as JSON")
    .action(async (file: string, { json }: { json?: boolean }) => {
      const uploaded = await uploadWithProgress(await connect(), file);
      print(json, uploaded, ({ id }) => process.stdout.write(`${id}\n`));
    });
}
