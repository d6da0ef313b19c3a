// Applies pending migrations to the database named by the environment (`pnpm --filter @aw/core db:migrate`).
import { loadConfig } from "../config.ts";
import { createDb } from "./client.ts";
import { applyMigrations } from "./migrate.ts";

const config = loadConfig();
const db = createDb(config);
try {
  const applied = await applyMigrations(db, config.databaseProvider);
  const where = config.databaseProvider === "sqlite" ? config.databaseUrl : "PostgreSQL";
  if (applied.length === 0) console.log(`${where}: already up to date`);
  else for (const name of applied) console.log(`${where}: applied ${name}`);
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
} finally {
  await db.$disconnect();
}
