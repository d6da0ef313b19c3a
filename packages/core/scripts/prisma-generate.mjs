// Renders prisma/models.prisma into one schema per provider and generates a client for each.
// The Prisma CLI wants a schema-engine binary it cannot download offline; `generate` never runs
// it, so any existing file satisfies the check.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const coreDir = path.join(root, "packages/core");
const outDir = path.join(root, "prisma/generated");
export const MODELS_PATH = path.join(root, "prisma/models.prisma");

export const PROVIDERS = ["sqlite", "postgresql"];

export function renderSchema(provider, models = fs.readFileSync(MODELS_PATH, "utf8")) {
  const clientOut = path.relative(outDir, path.join(coreDir, "src/db/generated", provider));
  return `// Generated from prisma/models.prisma. Do not edit.
generator client {
  provider     = "prisma-client"
  output       = "${clientOut}"
  moduleFormat = "esm"
}

datasource db {
  provider = "${provider}"
}

${models}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const prismaBin = path.join(coreDir, "node_modules/.bin/prisma");
  if (!fs.existsSync(prismaBin)) {
    // A production install (`pnpm install --prod`, the Docker runtime stage) has no Prisma CLI; the
    // built server (apps/server/dist) carries the generated clients compiled in.
    console.log("prisma CLI not installed (production dependencies only): clients not generated");
    process.exit(0);
  }
  fs.mkdirSync(outDir, { recursive: true });
  for (const provider of PROVIDERS) {
    const schemaPath = path.join(outDir, `schema.${provider}.prisma`);
    fs.writeFileSync(schemaPath, renderSchema(provider));
    execFileSync(prismaBin, ["generate", "--schema", schemaPath], {
      cwd: coreDir,
      stdio: ["ignore", "ignore", "inherit"],
      env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.execPath, PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1" },
    });
  }
  console.log(`prisma clients generated for ${PROVIDERS.join(", ")}`);
}
