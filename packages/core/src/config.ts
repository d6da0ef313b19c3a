import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";

/**
 * The repository root, so the embedded default keeps its data in `<repo>/data` from any cwd and the
 * migrations (`<repo>/prisma/migrations`) and the UI build are found. The nearest folder above this
 * module holding `pnpm-workspace.yaml`: this file runs from `packages/core/src` under tsx and from
 * `apps/server/dist` once bundled by `pnpm --filter @aw/server build`.
 */
export const REPO_ROOT = findRepoRoot(path.dirname(fileURLToPath(import.meta.url)));

function findRepoRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "pnpm-workspace.yaml"))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(from, "../../.."); // both layouts sit three levels down
  }
}

const bool = z.enum(["true", "false", "1", "0", "yes", "no"]).transform((v) => v === "true" || v === "1" || v === "yes");
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v === "" ? undefined : v));
/** A comma-separated list, e.g. "aw.example.com, aw.internal:8080"; empty entries are dropped. */
const list = z
  .string()
  .default("")
  .transform((v) =>
    v
      .split(",")
      .map((item) => item.trim())
      .filter(Boolean),
  );

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
    /** On SIGTERM/SIGINT: how long running steps get to hand their jobs back before the process exits anyway (code 1). */
    SHUTDOWN_TIMEOUT_SECONDS: z.coerce.number().int().min(1).default(20),
    /** Host headers answered besides the bound host and loopback names (DNS rebinding guard); "*" answers any. */
    AW_ALLOWED_HOSTS: list,
    /** Origins besides the server's own that may send state-changing requests (cross-site request guard). */
    AW_ALLOWED_ORIGINS: list,
    /** Largest /trpc request body; larger ones get 413 before they are parsed. */
    TRPC_MAX_BODY_BYTES: z.coerce
      .number()
      .int()
      .positive()
      .default(1024 ** 2),
    /** Most calls in one batched /trpc request. */
    TRPC_MAX_BATCH_SIZE: z.coerce.number().int().min(1).max(1000).default(50),

    STORAGE_DRIVER: z.enum(["local", "s3"]).default("local"),
    STORAGE_LOCAL_ROOT: optionalString,
    S3_BUCKET: optionalString,
    S3_ENDPOINT: optionalString,
    S3_REGION: z.string().default("us-east-1"),
    S3_ACCESS_KEY_ID: optionalString,
    S3_SECRET_ACCESS_KEY: optionalString,
    S3_FORCE_PATH_STYLE: bool.default(true),
    S3_PREFIX: z.string().default(""),
    S3_READ_CACHE_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(0)
      .default(10 * 1024 ** 3),

    UPLOAD_MAX_BYTES: z.coerce
      .number()
      .int()
      .positive()
      .default(5 * 1024 ** 3),
    /** What a compressed upload may expand to; default 10 × UPLOAD_MAX_BYTES. */
    UPLOAD_MAX_DECOMPRESSED_BYTES: z.coerce.number().int().positive().optional(),
    /** Below this much free disk, uploads and runs are refused (507). */
    DISK_MIN_FREE_BYTES: z.coerce
      .number()
      .int()
      .min(0)
      .default(1024 ** 3),
    PROFILE_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
    PROFILE_TIMEOUT_SECONDS: z.coerce.number().positive().default(600),
    TABLE_MAX_COLUMNS: z.coerce.number().int().positive().default(2048),

    QUEUE_DRIVER: z.enum(["local", "bullmq"]).default("local"),
    REDIS_URL: optionalString,
    JOB_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
    JOB_DEFAULT_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
    JOB_TIMEOUT_SECONDS: z.coerce.number().int().positive().default(3600),
    JOB_LEASE_SECONDS: z.coerce.number().int().min(1).default(30),
    QUEUE_PREFIX: z
      .string()
      .regex(/^[\w-]+$/)
      .default("aw"),
    QUEUE_EMBEDDED_WORKER: bool.default(false),
    RETENTION_DAYS: z.coerce.number().int().min(0).default(30),
    RETENTION_INTERVAL_MINUTES: z.coerce.number().int().positive().default(60),
    /** Audit events older than this many days are deleted by the retention task (0 keeps them). */
    AUDIT_RETENTION_DAYS: z.coerce.number().int().min(0).default(365),
    /** Requests to /trpc and /api per caller per minute; uploads per caller per minute; sign-in attempts per account and per IP per 15 minutes. */
    RATE_LIMIT_API_PER_MINUTE: z.coerce.number().int().positive().default(1200),
    RATE_LIMIT_UPLOADS_PER_MINUTE: z.coerce.number().int().positive().default(120),
    RATE_LIMIT_SIGN_IN_PER_ACCOUNT: z.coerce.number().int().positive().default(10),
    RATE_LIMIT_SIGN_IN_PER_IP: z.coerce.number().int().positive().default(50),

    DUCKDB_MEMORY_LIMIT: z
      .string()
      .regex(/^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i)
      .default("1GB"),
    DUCKDB_THREADS: z.coerce.number().int().min(1).max(256).optional(),
    /** Spill files one workspace may write (DuckDB's max_temp_directory_size). */
    DUCKDB_SPILL_LIMIT: z
      .string()
      .regex(/^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i)
      .default("8GiB"),

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
  /** UPLOAD_MAX_DECOMPRESSED_BYTES or its default. */
  decompressedMaxBytes: number;
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
    decompressedMaxBytes: e.UPLOAD_MAX_DECOMPRESSED_BYTES ?? 10 * e.UPLOAD_MAX_BYTES,
    version: "0.1.0",
  };
}
