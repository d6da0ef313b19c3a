/**
 * Gathers changes into one pending batch that is written at most every `delayMs`, one write at a
 * time and in order. A failed write does not block later ones; a `flush()` caller sees its own
 * batch's error.
 */
export function coalescingWriter<TBatch>(options: {
  delayMs: number;
  empty: () => TBatch;
  isEmpty: (batch: TBatch) => boolean;
  write: (batch: TBatch) => Promise<void>;
}) {
  let pending = options.empty();
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();

  /** The pending batch, which from now on is no longer pending. */
  function takePending(): TBatch {
    clearTimeout(timer);
    timer = undefined;
    const batch = pending;
    pending = options.empty();
    return batch;
  }

  /** Writes the pending batch now (after any write in flight). */
  function flush(): Promise<void> {
    const batch = takePending();
    writing = writing.catch(() => {}).then(() => (options.isEmpty(batch) ? undefined : options.write(batch)));
    return writing;
  }

  return {
    flush,
    /** Changes the pending batch through `fill` and schedules its write. */
    add(fill: (batch: TBatch) => void): void {
      fill(pending);
      timer ??= setTimeout(() => void flush().catch(() => {}), options.delayMs);
    },
    /** Takes the pending batch unwritten, once any write in flight is done, for a final write to include. */
    async take(): Promise<TBatch> {
      clearTimeout(timer);
      timer = undefined;
      await writing.catch(() => {});
      return takePending();
    },
  };
}
