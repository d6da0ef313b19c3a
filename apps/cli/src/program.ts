import { Command } from "commander";
import { approvalCommands } from "./commands/approvals.ts";
import { dataCommand } from "./commands/data.ts";
import { jobsCommand } from "./commands/jobs.ts";
import { loginCommand } from "./commands/login.ts";
import { runCommand } from "./commands/run.ts";
import { uploadCommand } from "./commands/upload.ts";
import { workflowsCommand } from "./commands/workflows.ts";

export function createProgram(): Command {
  const program = new Command("aw")
    .description("AW App from a terminal: upload data, run workflows, follow and approve jobs")
    .showHelpAfterError()
    .addHelpText("after", "\nThe server comes from aw login, or AW_URL and AW_TOKEN (which override it).");
  for (const add of [loginCommand, uploadCommand, dataCommand, workflowsCommand, runCommand, jobsCommand, approvalCommands]) add(program);
  return program;
}
