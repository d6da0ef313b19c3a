// Fails when prisma/models.prisma changed without a migration. `--models <file>` checks another
// models file instead (the tests use it to prove the check fails).
import fs from "node:fs";
import { unmigratedChanges } from "./migration-history.ts";
import { PROVIDERS } from "./prisma-generate.mjs";

const flag = process.argv.indexOf("--models");
const modelsFile = flag === -1 ? undefined : process.argv[flag + 1];
const models = modelsFile === undefined ? undefined : fs.readFileSync(modelsFile, "utf8");

let missing = 0;
for (const provider of PROVIDERS) {
  const sql = await unmigratedChanges(provider, models);
  if (!sql) continue;
  missing++;
  console.error(`${provider}: models.prisma has changes that no migration creates:\n${sql}`);
}
if (missing > 0) {
  console.error("Create the migration: pnpm --filter @aw/core run db:migration:create <name>");
  process.exit(1);
}
console.log("migrations match models.prisma");
