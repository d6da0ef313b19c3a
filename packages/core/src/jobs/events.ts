import { EventEmitter, on } from "node:events";
import { connectRedis } from "../redis.ts";
import type { TJobLogEntry, TJobState } from "../schemas/index.ts";

/** What moves between runners, API processes and subscribers; the DB row stays the source of truth. */
export type TJobEvent =
  | { kind: "state"; jobId: string; state: TJobState }
  /** Lines just stored, in sequence order (one event per stored batch). */
  | { kind: "logs"; jobId: string; logs: TJobLogEntry[] }
  /** Asks whichever worker holds the job to abort it. */
  | { kind: "cancel"; jobId: string };

export type TJobEventBus = {
  readonly driver: "local" | "redis";
  publish(event: TJobEvent): Promise<void>;
  subscribe(jobId: string, listener: (event: TJobEvent) => void): () => void;
  /** The job's events from now on, until `signal` aborts (then the iterator throws an AbortError). */
  stream(jobId: string, signal: AbortSignal): AsyncIterableIterator<TJobEvent>;
  close(): Promise<void>;
};

/** Fans events out to this process's listeners, keyed by job id. */
function createFanout() {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    emit: (event: TJobEvent) => emitter.emit(event.jobId, event),
    subscribe: (jobId: string, listener: (event: TJobEvent) => void) => {
      emitter.on(jobId, listener);
      return () => void emitter.off(jobId, listener);
    },
    stream: (jobId: string, signal: AbortSignal): AsyncIterableIterator<TJobEvent> => {
      // Listens from this call on (not from the first next()), so nothing published meanwhile is lost;
      // return() removes the listener even if the stream was never read.
      const events = on(emitter, jobId, { signal });
      return {
        async next() {
          const r = await events.next();
          return r.done ? { done: true, value: undefined } : { done: false, value: (r.value as [TJobEvent])[0] };
        },
        async return() {
          await events.return?.();
          return { done: true, value: undefined };
        },
        [Symbol.asyncIterator]() {
          return this;
        },
      };
    },
  };
}

/** One process: events go straight to this process's listeners. */
export function createLocalEventBus(): TJobEventBus {
  const fanout = createFanout();
  return {
    driver: "local",
    // async although nothing is awaited: a throwing listener then rejects, as a failed Redis publish does.
    // eslint-disable-next-line @typescript-eslint/require-await
    async publish(event) {
      fanout.emit(event);
    },
    subscribe: fanout.subscribe,
    stream: fanout.stream,
    async close() {},
  };
}

/** Several processes: every event goes through one Redis pub/sub channel, so any API process streams any job. */
export async function createRedisEventBus(redisUrl: string, prefix: string): Promise<TJobEventBus> {
  const channel = `${prefix}:job-events`;
  const pub = connectRedis(redisUrl, { lazyConnect: true });
  const sub = connectRedis(redisUrl, { lazyConnect: true });
  const fanout = createFanout();
  await Promise.all([pub.connect(), sub.connect()]);
  sub.on("message", (_channel: string, message: string) => fanout.emit(JSON.parse(message) as TJobEvent));
  await sub.subscribe(channel);
  return {
    driver: "redis",
    async publish(event) {
      await pub.publish(channel, JSON.stringify(event));
    },
    subscribe: fanout.subscribe,
    stream: fanout.stream,
    async close() {
      await Promise.allSettled([sub.quit(), pub.quit()]);
    },
  };
}
