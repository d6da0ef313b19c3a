import type { TLogger } from "../telemetry/logger.ts";
import type { TPeriodicTask } from "./queue.ts";

export type TPeriodicHandle = { stop(): Promise<void> };

/** Runs `task` now and then every `everyMs`, never two at once; errors are logged, not thrown. */
export function every(task: TPeriodicTask, log: TLogger): TPeriodicHandle {
  let current: Promise<void> | null = null;
  const tick = () => {
    current ??= task
      .run()
      .catch((err: unknown) => log.error({ err, task: task.name }, `${task.name} failed`))
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
