import type { Command } from "commander";
import { CliError } from "../errors.ts";
import { followJob } from "../follow-job.ts";
import { print } from "../output.ts";
import { connect } from "../session.ts";
import { uploadWithProgress } from "../upload-file.ts";

export function runCommand(program: Command): void {
  program
    .command("run")
    .description("start a job of a workflow on a file (uploaded first) or on data already uploaded; prints the job id")
    .requiredOption("--workflow <id>", "the workflow to run")
    .argument("[file]", "a file to upload and run on")
    .option("--data <id>", "run on this data instead of a file")
    .option("--wait", "follow the job live and exit when it ends: 0 completed, 2 failed, 3 cancelled, 4 rejected")
    .option("--json", "print the job (with --wait, its final state) as JSON")
    .action(async (file: string | undefined, options: { workflow: string; data?: string; wait?: boolean; json?: boolean }) => {
      if (!file === !options.data) throw new CliError("give one of FILE or --data ID");
      const aw = await connect();
      const inputDataId = options.data ?? (await uploadWithProgress(aw, file!)).id;
      const job = await aw.workflows.execute.mutate({ workflowId: options.workflow, inputDataId });
      if (!options.wait) return print(options.json, job, ({ id }) => process.stdout.write(`${id}\n`));
      process.stderr.write(`job ${job.id} started\n`);
      const final = await followJob(aw, job.id);
      print(options.json, final, (state) => process.stdout.write(`${state.resultDataId ?? job.id}\n`));
    });
}
