import type { TPeriodicTask } from "./queue.ts";

export type TPeriodicHandle = { stop(): Promise<void> };

/** Runs `task` now and then every `everyMs`, never two at once; errors are reported, not thrown. */
export function every(task: TPeriodicTask): TPeriodicHandle {
  let current: Promise<void> | null = null;
  const tick = () => {
    current ??= task
      .run()
      .catch((err: unknown) => console.error(`[jobs] ${task.name} failed:`, err))
      .finally(() => (current = null));
  };
  const timer = setInterval(tick, task.everyMs);
  timer.unref();
  tick();
  return {
    async stop() {
      clearInterval(timer);
      await current;
    },
  };
}
