import path from "node:path";
import type { Command } from "commander";
import { humanBytes, print, printFields, printTable } from "../output.ts";
import { connect } from "../session.ts";

export function dataCommand(program: Command): void {
  const data = program.command("data").description("uploaded and produced data");

  data
    .command("ls")
    .description("list data, newest first")
    .option("--search <text>", "only names containing this")
    .option("--page <n>", "page number", Number, 1)
    .option("--page-size <n>", "rows per page", Number, 50)
    .option("--json", "print as JSON")
    .action(async (options: { search?: string; page: number; pageSize: number; json?: boolean }) => {
      const aw = await connect();
      const list = await aw.data.list.query({ search: options.search, page: options.page, pageSize: options.pageSize });
      print(options.json, list, ({ items, total }) => {
        printTable(items, [
          ["ID", (a) => a.id],
          ["NAME", (a) => a.filename],
          ["FORMAT", (a) => a.format],
          ["SIZE", (a) => humanBytes(a.sizeBytes)],
          ["ROWS", (a) => a.metadata.rowCount],
          ["PROFILE", (a) => a.metadata.profileStatus],
          ["CREATED", (a) => a.createdAt],
        ]);
        process.stderr.write(`${items.length} of ${total}\n`);
      });
    });

  data
    .command("show")
    .description("one data file's details")
    .argument("<id>")
    .option("--json", "print as JSON")
    .action(async (id: string, { json }: { json?: boolean }) => {
      const artifact = await (await connect()).data.get.query({ id });
      print(json, artifact, (a) =>
        printFields({
          id: a.id,
          name: a.filename,
          format: a.format,
          size: `${humanBytes(a.sizeBytes)} (${a.sizeBytes} bytes)`,
          sha256: a.sha256,
          rows: a.metadata.rowCount,
          columns: a.metadata.columns?.map((c) => `${c.name}:${c.type}`).join(", "),
          profile: a.metadata.profileError ? `${a.metadata.profileStatus}: ${a.metadata.profileError}` : a.metadata.profileStatus,
          "from job": a.sourceJobId,
          created: a.createdAt,
        }),
      );
    });

  data
    .command("profile")
    .description("per-column statistics of a data file")
    .argument("<id>")
    .option("--json", "print as JSON")
    .action(async (id: string, { json }: { json?: boolean }) => {
      const profile = await (await connect()).data.profile.query({ id });
      print(json, profile, (p) => {
        process.stderr.write(`${p.table.rowCount} rows, ${p.table.columnCount} columns\n`);
        printTable(p.columns, [
          ["COLUMN", (c) => c.name],
          ["TYPE", (c) => c.type],
          ["NULLS", (c) => c.nullCount],
          ["MEAN", (c) => c.mean],
          ["DISTINCT", (c) => c.distinctCount],
          ["MIN", (c) => c.min],
          ["MAX", (c) => c.max],
        ]);
      });
    });

  data
    .command("download")
    .description("download a data file")
    .argument("<id>")
    .option("-o, --output <path>", "where to write it (default: its name, in the current folder)")
    .action(async (id: string, { output }: { output?: string }) => {
      const aw = await connect();
      const destination = output ?? path.basename((await aw.data.get.query({ id })).filename);
      const { bytes } = await aw.download(id, destination);
      process.stderr.write(`wrote ${destination} (${humanBytes(bytes)})\n`);
    });
}
