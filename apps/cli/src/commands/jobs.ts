import type { Command } from "commander";
import { print, printFields, printTable } from "../output.ts";
import { connect } from "../session.ts";

export function jobsCommand(program: Command): void {
  const jobs = program.command("jobs").description("runs of workflows");

  jobs
    .command("ls")
    .description("list jobs, newest first")
    .option("--status <status>", "only jobs in this status")
    .option("--workflow <id>", "only jobs of this workflow")
    .option("--page-size <n>", "rows", Number, 50)
    .option("--json", "print as JSON")
    .action(async (options: { status?: string; workflow?: string; pageSize: number; json?: boolean }) => {
      const aw = await connect();
      const list = await aw.jobs.list.query({
        pageSize: options.pageSize,
        workflowId: options.workflow,
        // The server checks the status and names the valid ones.
        status: options.status as Parameters<typeof aw.jobs.list.query>[0]["status"],
      });
      print(options.json, list, ({ items }) =>
        printTable(items, [
          ["ID", (j) => j.id],
          ["STATUS", (j) => j.status],
          ["PROGRESS", (j) => `${j.progress}%`],
          ["WORKFLOW", (j) => j.workflowId],
          ["INPUT", (j) => j.inputDataId],
          ["RESULT", (j) => j.resultDataId],
          ["CREATED", (j) => j.createdAt],
        ]),
      );
    });

  jobs
    .command("show")
    .description("one job: status, steps and its latest log lines")
    .argument("<id>")
    .option("--json", "print as JSON")
    .action(async (id: string, { json }: { json?: boolean }) => {
      const detail = await (await connect()).jobs.get.query({ id });
      print(json, detail, ({ job, steps, logs }) => {
        printFields({
          id: job.id,
          status: job.status,
          progress: `${job.progress}%`,
          workflow: `${job.workflowId} (version ${job.workflowVersion})`,
          input: job.inputDataId,
          result: job.resultDataId,
          error: job.error,
          created: job.createdAt,
          completed: job.completedAt,
        });
        process.stdout.write("\n");
        printTable(steps, [
          ["#", (s) => s.index + 1],
          ["STEP", (s) => s.name],
          ["TYPE", (s) => s.type],
          ["STATUS", (s) => s.status],
        ]);
        if (logs.length) process.stdout.write("\n");
        for (const log of logs.slice(-20)) process.stdout.write(`${log.level.padEnd(5)}  ${log.message}\n`);
      });
    });

  jobs
    .command("cancel")
    .description("cancel a job")
    .argument("<id>")
    .option("--json", "print the job as JSON")
    .action(async (id: string, { json }: { json?: boolean }) => {
      const job = await (await connect()).jobs.cancel.mutate({ id });
      print(json, job, (j) => process.stdout.write(`job ${j.id}: ${j.status}\n`));
    });

  jobs
    .command("retry")
    .description("run a job again as a new job; prints the new job's id")
    .argument("<id>")
    .option("--from-failed", "reuse the checkpoints of the steps before the one that failed")
    .option("--json", "print the new job as JSON")
    .action(async (id: string, { fromFailed, json }: { fromFailed?: boolean; json?: boolean }) => {
      const job = await (await connect()).jobs.retry.mutate({ id, fromStep: fromFailed ? "failed" : "start" });
      print(json, job, (j) => process.stdout.write(`${j.id}\n`));
    });
}
