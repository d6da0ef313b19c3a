import type { TJobState } from "@aw/core/schemas";
import { useMemo, useRef, useState } from "react";
import { trpc } from "../trpc.ts";
import { newerState, withLiveState } from "./live-job.ts";

/**
 * The job with its steps, kept live by the `onJob` stream: each event is applied in order, at once,
 * and a change of status, step or progress refetches the details (the server writes a step boundary
 * before announcing it, so the refetch has it).
 */
export function useJobLive(id: string) {
  const utils = trpc.useUtils();
  const input = { id, logLimit: 1 };
  const query = trpc.jobs.get.useQuery(input, { meta: { silent: true } });
  const [live, setLive] = useState<TJobState | null>(null);
  const latest = useRef<TJobState | null>(null);
  trpc.jobs.onJob.useSubscription(
    { id },
    {
      enabled: query.data !== undefined,
      onData: ({ data: state }) => {
        const previous =
          latest.current ?? (query.data ? { ...query.data.job, updatedAt: new Date(query.data.job.updatedAt).toISOString() } : null);
        const next = newerState(latest.current, state);
        if (next !== state) return; // an older event arriving late
        latest.current = state;
        setLive(state);
        const statusChanged = previous?.status !== state.status;
        if (statusChanged || previous?.currentStep !== state.currentStep || previous?.progress !== state.progress) {
          void utils.jobs.get.invalidate(input);
        }
        if (statusChanged) {
          void utils.jobs.list.invalidate();
          void utils.jobs.stats.invalidate();
        }
      },
    },
  );
  const data = useMemo(() => withLiveState(query.data, live), [query.data, live]);
  return { query, data };
}
