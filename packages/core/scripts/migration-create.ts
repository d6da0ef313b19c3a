// Usage: pnpm --filter @aw/core run db:migration:create <name>
// Creates the next migration for every provider whose schema no longer matches models.prisma.
import path from "node:path";
import { migrationTimestamp, unmigratedChanges, writeMigration } from "./migration-history.ts";
import { PROVIDERS } from "./prisma-generate.mjs";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: db:migration:create <name>   (lower-case letters, digits and _, e.g. add_job_priority)");
  process.exit(1);
}

const directoryName = `${migrationTimestamp()}_${name}`;
let created = 0;
for (const provider of PROVIDERS) {
  const sql = await unmigratedChanges(provider);
  if (!sql) {
    console.log(`${provider}: no changes`);
    continue;
  }
  const file = writeMigration(provider, directoryName, sql);
  console.log(`${provider}: created ${path.relative(process.cwd(), file)}`);
  created++;
}
if (created === 0) console.log("models.prisma matches the migrations; nothing to create");
