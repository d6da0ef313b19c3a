import type { Command } from "commander";
import { print } from "../output.ts";
import { connect } from "../session.ts";

export function approvalCommands(program: Command): void {
  program
    .command("approve")
    .description("approve the step a job awaits approval for; the job goes on")
    .argument("<job>")
    .option("--comment <text>", "why")
    .option("--json", "print the job as JSON")
    .action(async (id: string, { comment, json }: { comment?: string; json?: boolean }) => {
      const job = await (await connect()).jobs.approve.mutate({ id, comment });
      print(json, job, (j) => process.stdout.write(`job ${j.id}: ${j.status}\n`));
    });

  program
    .command("reject")
    .description("reject the step a job awaits approval for; the job ends rejected")
    .argument("<job>")
    .requiredOption("--comment <text>", "why (required)")
    .option("--json", "print the job as JSON")
    .action(async (id: string, { comment, json }: { comment: string; json?: boolean }) => {
      const job = await (await connect()).jobs.reject.mutate({ id, comment });
      print(json, job, (j) => process.stdout.write(`job ${j.id}: ${j.status}\n`));
    });
}
