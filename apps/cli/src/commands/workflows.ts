import fs from "node:fs/promises";
import type { Command } from "commander";
import { CliError } from "../errors.ts";
import { print, printTable } from "../output.ts";
import { connect } from "../session.ts";

async function readDefinition(file: string): Promise<unknown> {
  const text = await fs.readFile(file, "utf8").catch(() => {
    throw new CliError(`cannot read ${file}`);
  });
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new CliError(`${file} is not JSON: ${(err as Error).message}`);
  }
}

export function workflowsCommand(program: Command): void {
  const workflows = program.command("workflows").description("workflow definitions");

  workflows
    .command("ls")
    .description("list workflows")
    .option("--templates", "list the starter templates instead")
    .option("--json", "print as JSON")
    .action(async ({ templates, json }: { templates?: boolean; json?: boolean }) => {
      const aw = await connect();
      if (templates) {
        const list = await aw.workflows.templates.query();
        print(json, list, (rows) =>
          printTable(rows, [
            ["TEMPLATE", (t) => t.id],
            ["NAME", (t) => t.name],
            ["STEPS", (t) => t.definition.steps.length],
          ]),
        );
        return;
      }
      const list = await aw.workflows.list.query({ pageSize: 200 });
      print(json, list, ({ items }) =>
        printTable(items, [
          ["ID", (w) => w.id],
          ["NAME", (w) => w.name],
          ["VERSION", (w) => w.version],
          ["STEPS", (w) => w.steps.length],
          ["UPDATED", (w) => w.updatedAt],
        ]),
      );
    });

  workflows
    .command("create")
    .description("create a workflow from a JSON definition or a starter template; prints its id")
    .option("--from <file>", "a workflow definition as JSON ({ name, steps, … })")
    .option("--template <id>", "a starter template (aw workflows ls --templates)")
    .option("--name <name>", "the new workflow's name (default: the definition's)")
    .option("--json", "print the workflow as JSON")
    .action(async (options: { from?: string; template?: string; name?: string; json?: boolean }) => {
      if (!options.from === !options.template) throw new CliError("give one of --from FILE.json or --template ID");
      const aw = await connect();
      let definition: unknown;
      if (options.from) definition = await readDefinition(options.from);
      else {
        const templates = await aw.workflows.templates.query();
        const template = templates.find((t) => t.id === options.template);
        if (!template) throw new CliError(`no template ${options.template} (there are: ${templates.map((t) => t.id).join(", ")})`);
        definition = template.definition;
      }
      if (options.name) definition = { ...(definition as object), name: options.name };
      // The server validates the definition and names every bad field.
      const workflow = await aw.workflows.create.mutate(definition as Parameters<typeof aw.workflows.create.mutate>[0]);
      print(options.json, workflow, ({ id }) => process.stdout.write(`${id}\n`));
    });
}
