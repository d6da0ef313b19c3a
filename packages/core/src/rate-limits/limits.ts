import { createHash } from "node:crypto";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { TConfig } from "../config.ts";
import { connectRedis } from "../redis.ts";

export type TRateVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number; message: string };

export type TRateLimits = {
  store: "memory" | "redis";
  /** One API call (a tRPC procedure or a REST request) by `caller`. */
  api: (caller: string) => Promise<TRateVerdict>;
  /** One upload by `caller`. */
  upload: (caller: string) => Promise<TRateVerdict>;
  /** One sign-in attempt: counted per account and per IP; refused once either is spent. */
  consumeSignIn: (email: string, ip: string) => Promise<TRateVerdict>;
  close(): Promise<void>;
};

const SIGN_IN_WINDOW_SECONDS = 15 * 60;

/** Keys are hashed: an email, a token's digest or an IP never appears in Redis as written. */
const hashed = (key: string) => createHash("sha256").update(key).digest("base64url");

const seconds = (res: RateLimiterRes) => Math.max(1, Math.ceil(res.msBeforeNext / 1000));

/**
 * The request limits. In memory per process on the embedded default; in Redis (shared by every API
 * process) when REDIS_URL is set, with a memory limiter as insurance while Redis is unreachable.
 */
export async function createRateLimits(config: TConfig): Promise<TRateLimits> {
  const redis = config.REDIS_URL
    ? connectRedis(config.REDIS_URL, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: true })
    : undefined;
  // Redis errors are answered by the insurance limiter; the client reconnects by itself. Connected
  // before the first request, which would otherwise be counted in memory only.
  redis?.on("error", () => {});
  await redis?.connect().catch(() => {});
  const limiter = (keyPrefix: string, points: number, duration: number): RateLimiterAbstract => {
    const memory = new RateLimiterMemory({ keyPrefix, points, duration });
    return redis
      ? new RateLimiterRedis({
          storeClient: redis,
          keyPrefix: `${config.QUEUE_PREFIX}:rl:${keyPrefix}`,
          points,
          duration,
          insuranceLimiter: memory,
        })
      : memory;
  };
  const api = limiter("api", config.RATE_LIMIT_API_PER_MINUTE, 60);
  const uploads = limiter("upload", config.RATE_LIMIT_UPLOADS_PER_MINUTE, 60);
  const signInAccount = limiter("sign-in-account", config.RATE_LIMIT_SIGN_IN_PER_ACCOUNT, SIGN_IN_WINDOW_SECONDS);
  const signInIp = limiter("sign-in-ip", config.RATE_LIMIT_SIGN_IN_PER_IP, SIGN_IN_WINDOW_SECONDS);

  async function take(rl: RateLimiterAbstract, key: string, what: string): Promise<TRateVerdict> {
    try {
      await rl.consume(hashed(key));
      return { allowed: true };
    } catch (rejected) {
      if (!(rejected instanceof RateLimiterRes)) throw rejected;
      const retryAfterSeconds = seconds(rejected);
      return {
        allowed: false,
        retryAfterSeconds,
        message: `too many ${what}: at most ${rl.points} per ${rl.duration} s; try again in ${retryAfterSeconds} s`,
      };
    }
  }

  return {
    store: redis ? "redis" : "memory",
    api: (caller) => take(api, caller, "requests"),
    upload: (caller) => take(uploads, caller, "uploads"),
    consumeSignIn: async (email, ip) => {
      const account = await take(signInAccount, email.trim().toLowerCase(), "sign-in attempts for this account");
      const fromIp = await take(signInIp, ip, "sign-in attempts from this address");
      if (!account.allowed) return account;
      return fromIp;
    },
    async close() {
      if (redis) await redis.quit().catch(() => redis.disconnect());
    },
  };
}
