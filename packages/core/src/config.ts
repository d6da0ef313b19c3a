import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";

/** The repository root, so the embedded default keeps its data in `<repo>/data` from any cwd. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

const bool = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((v) => v === "true" || v === "1" || v === "yes");
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v === "" ? undefined : v));

/** Every environment variable the app reads; `.env.example` documents each one. */
export const ZEnvSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    HOST: z.string().default("127.0.0.1"),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    AW_DATA_DIR: z.string().default(path.join(REPO_ROOT, "data")),
    DATABASE_URL: optionalString,
    AW_API_TOKEN: optionalString,
    AW_WEB_DIST: z.string().default(path.join(REPO_ROOT, "apps/web/dist")),
    LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),

    STORAGE_DRIVER: z.enum(["local", "s3"]).default("local"),
    STORAGE_LOCAL_ROOT: optionalString,
    S3_BUCKET: optionalString,
    S3_ENDPOINT: optionalString,
    S3_REGION: z.string().default("us-east-1"),
    S3_ACCESS_KEY_ID: optionalString,
    S3_SECRET_ACCESS_KEY: optionalString,
    S3_FORCE_PATH_STYLE: bool.default(true),
    S3_PREFIX: z.string().default(""),
    S3_READ_CACHE_MAX_BYTES: z.coerce.number().int().min(0).default(10 * 1024 ** 3),

    UPLOAD_MAX_BYTES: z.coerce.number().int().positive().default(5 * 1024 ** 3),

    QUEUE_DRIVER: z.enum(["local", "bullmq"]).default("local"),
    REDIS_URL: optionalString,
    JOB_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
    JOB_DEFAULT_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
    JOB_TIMEOUT_SECONDS: z.coerce.number().int().positive().default(3600),
    JOB_LEASE_SECONDS: z.coerce.number().int().min(1).default(30),
    QUEUE_PREFIX: z.string().regex(/^[\w-]+$/).default("aw"),
    QUEUE_EMBEDDED_WORKER: bool.default(false),
    RETENTION_DAYS: z.coerce.number().int().min(0).default(30),
    RETENTION_INTERVAL_MINUTES: z.coerce.number().int().positive().default(60),

    DUCKDB_MEMORY_LIMIT: z.string().regex(/^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i).default("1GB"),
    DUCKDB_THREADS: z.coerce.number().int().min(1).max(256).optional(),

    LLM_BASE_URL: optionalString,
    LLM_API_KEY: optionalString,
    LLM_MODEL: z.string().default("gpt-4o-mini"),
    LLM_TIMEOUT_SECONDS: z.coerce.number().int().positive().default(60),
  })
  .superRefine((env, ctx) => {
    if (env.STORAGE_DRIVER === "s3" && !env.S3_BUCKET) {
      ctx.addIssue({ code: "custom", path: ["S3_BUCKET"], message: "is required when STORAGE_DRIVER=s3" });
    }
    if (env.QUEUE_DRIVER === "bullmq" && !env.REDIS_URL) {
      ctx.addIssue({ code: "custom", path: ["REDIS_URL"], message: "is required when QUEUE_DRIVER=bullmq" });
    }
    if (env.DATABASE_URL && !/^(file:|postgres(ql)?:\/\/)/.test(env.DATABASE_URL)) {
      ctx.addIssue({ code: "custom", path: ["DATABASE_URL"], message: "must start with file: or postgres://" });
    }
  });

export type TEnv = z.infer<typeof ZEnvSchema>;

export type TConfig = TEnv & {
  databaseUrl: string;
  databaseProvider: "sqlite" | "postgresql";
  storageLocalRoot: string;
  /** Where run and inspection workspaces (DuckDB's folders) are made. */
  workspaceRoot: string;
  version: string;
};

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Parses the environment once; throws a ConfigError listing every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): TConfig {
  const parsed = ZEnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".") || "(env)"}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.AW_DATA_DIR);
  const databaseUrl = e.DATABASE_URL ?? `file:${path.join(dataDir, "aw.db")}`;
  return {
    ...e,
    AW_DATA_DIR: dataDir,
    databaseUrl,
    databaseProvider: databaseUrl.startsWith("file:") ? "sqlite" : "postgresql",
    storageLocalRoot: path.resolve(e.STORAGE_LOCAL_ROOT ?? path.join(dataDir, "storage")),
    // Beside local storage, so handing a stored file to a run is a hard link, not a copy.
    workspaceRoot: path.join(dataDir, "tmp", "workspaces"),
    version: "0.1.0",
  };
}
