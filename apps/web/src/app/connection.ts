import { useSyncExternalStore } from "react";

/**
 * Whether the server answers. A request that gets no HTTP answer at all marks it unreachable at
 * once; the health check, polled quickly meanwhile, marks it reachable again and the app refreshes.
 */
let reachable = true;
const listeners = new Set<() => void>();

function set(next: boolean) {
  if (next === reachable) return;
  reachable = next;
  for (const listener of listeners) listener();
}

export const markUnreachable = () => set(false);
export const markReachable = () => set(true);

export function useServerReachable(): boolean {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => reachable,
  );
}
