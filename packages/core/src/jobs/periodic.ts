import type { TPeriodicTask } from "./queue.ts";

/** Runs `task` every `everyMs`, never two at once; errors are reported, not thrown. */
export function every(task: TPeriodicTask): NodeJS.Timeout {
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    task
      .run()
      .catch((err: unknown) => console.error(`[jobs] ${task.name} failed:`, err))
      .finally(() => (busy = false));
  }, task.everyMs);
  timer.unref();
  return timer;
}
