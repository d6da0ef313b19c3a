import { isFinishedJobStatus, ZJobSubscribeSchema, type TJobLogEntry, type TJobState } from "../schemas/index.ts";
import type { z } from "zod";
import { toLogEntry } from "./job-log.ts";
import { loadJob, type TJobServiceDeps } from "./job-rows.ts";
import { stateEventId, toJobState } from "./job-state.ts";

const LOG_REPLAY_PAGE = 500;

/** What `jobs.onJob` and `jobs.onLogs` stream: a job's state changes and log lines, resumable by event id. */
export function jobStreams({ db, bus }: Pick<TJobServiceDeps, "db" | "bus">) {
  async function* watchState(
    id: string,
    lastEventId: string | null | undefined,
    signal: AbortSignal,
  ): AsyncGenerator<{ id: string; state: TJobState }> {
    const events = bus.stream(id, signal); // listening before reading, so no change falls in between
    try {
      let last = toJobState(await loadJob(db, id));
      if (stateEventId(last) !== lastEventId) yield { id: stateEventId(last), state: last };
      if (isFinishedJobStatus(last.status)) return;
      for await (const event of events) {
        if (event.kind !== "state") continue;
        const state = event.state;
        // A change published before our read can arrive after it; skip what we already moved past.
        if (stateEventId(state) === stateEventId(last) || (state.status === last.status && state.progress < last.progress)) continue;
        last = state;
        yield { id: stateEventId(state), state };
        if (isFinishedJobStatus(state.status)) return;
      }
    } catch (err) {
      if (!signal.aborted) throw err;
    } finally {
      await events.return?.();
    }
  }

  async function* watchLogLines(id: string, lastEventId: string | null | undefined, signal: AbortSignal): AsyncGenerator<TJobLogEntry> {
    const events = bus.stream(id, signal);
    let last = Math.max(0, Number.parseInt(lastEventId ?? "0", 10) || 0);
    async function* replay() {
      for (;;) {
        const rows = await db.jobLog.findMany({
          where: { jobId: id, sequence: { gt: last } },
          orderBy: { sequence: "asc" },
          take: LOG_REPLAY_PAGE,
        });
        for (const row of rows) {
          last = row.sequence;
          yield toLogEntry(row);
        }
        if (rows.length < LOG_REPLAY_PAGE) return;
      }
    }
    try {
      const job = await loadJob(db, id);
      yield* replay();
      if (isFinishedJobStatus(job.status)) return;
      for await (const event of events) {
        if (event.kind === "logs") {
          for (const log of event.logs) {
            if (log.sequence <= last) continue; // replayed already
            if (log.sequence === last + 1) {
              last = log.sequence;
              yield log;
            } else yield* replay(); // a gap: the DB has every line up to this batch's end
          }
        } else if (event.kind === "state" && isFinishedJobStatus(event.state.status)) {
          yield* replay();
          return;
        }
      }
    } catch (err) {
      if (!signal.aborted) throw err;
    } finally {
      await events.return?.();
    }
  }

  return {
    /**
     * The job's state now (unless the client already has it), then every change, until it
     * finishes. Event ids are state keys, so a reconnecting client gets no duplicate.
     */
    async watch(
      input: z.input<typeof ZJobSubscribeSchema>,
      signal: AbortSignal,
    ): Promise<AsyncGenerator<{ id: string; state: TJobState }>> {
      const { id, lastEventId } = ZJobSubscribeSchema.parse(input);
      await loadJob(db, id); // a missing job is an error of the call, not of the stream
      return watchState(id, lastEventId, signal);
    },

    /**
     * The job's log lines after `lastEventId` (a sequence number) from the DB, then live ones,
     * until the job finishes. Lines are published only once stored, so replay + live has no gap.
     */
    async watchLogs(input: z.input<typeof ZJobSubscribeSchema>, signal: AbortSignal): Promise<AsyncGenerator<TJobLogEntry>> {
      const { id, lastEventId } = ZJobSubscribeSchema.parse(input);
      await loadJob(db, id);
      return watchLogLines(id, lastEventId, signal);
    },
  };
}
