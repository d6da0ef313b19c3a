import { Redis, type RedisOptions } from "ioredis";

/** A Redis connection as BullMQ, the event bus and the rate limits need it: commands wait for a reconnect rather than fail. */
export const connectRedis = (url: string, options: RedisOptions = {}) => new Redis(url, { maxRetriesPerRequest: null, ...options });
