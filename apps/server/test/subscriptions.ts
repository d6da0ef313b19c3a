// Collecting tracked events of a tRPC subscription, for tests that wait on a job's stream.

export type TCollected<T> = { items: T[]; ids: string[]; done: Promise<void>; stop(): void };

/** Subscribes and collects tracked events until the server ends the stream. */
export function collect<T>(
  subscribe: (handlers: { onData(e: { id: string; data: T }): void; onError(err: unknown): void; onComplete(): void }) => {
    unsubscribe(): void;
  },
): TCollected<T> {
  const items: T[] = [];
  const ids: string[] = [];
  let stop = () => {};
  const done = new Promise<void>((resolve, reject) => {
    const sub = subscribe({
      onData: (e) => {
        items.push(e.data);
        ids.push(e.id);
      },
      onError: reject,
      onComplete: resolve,
    });
    stop = () => {
      sub.unsubscribe();
      resolve();
    };
  });
  return { items, ids, done, stop: () => stop() };
}
