import type { TDb } from "../db/client.ts";
import type { Prisma } from "../db/generated/sqlite/client.ts";
import type { TJobLogEntry, TLogLevel } from "../schemas/index.ts";
import { coalescingWriter } from "./coalescing-writer.ts";
import type { TJobEventBus } from "./events.ts";

type TLogRow = { sequence: number; level: string; message: string; data: unknown; time: Date };

export const toLogEntry = (row: TLogRow): TJobLogEntry => ({
  sequence: row.sequence,
  level: row.level as TLogLevel,
  message: row.message,
  data: (row.data ?? null) as Record<string, unknown> | null,
  time: row.time.toISOString(),
});

/** Longest a log line waits to be stored and streamed. */
const FLUSH_MS = 100;

async function lastSequence(db: TDb, jobId: string): Promise<number> {
  const agg = await db.jobLog.aggregate({ where: { jobId }, _max: { sequence: true } });
  return agg._max.sequence ?? 0;
}

/**
 * The running job's log: lines get increasing sequence numbers, are written in batches (one
 * insert per FLUSH_MS, so a short job writes its lines once) and published only once stored, so a
 * subscriber that replays from the DB after its last seen sequence never misses a line.
 */
export async function openJobLog(db: TDb, bus: TJobEventBus, jobId: string, lastSequenceKnown?: number) {
  let sequence = lastSequenceKnown ?? (await lastSequence(db, jobId));
  const writes = coalescingWriter<TJobLogEntry[]>({
    delayMs: FLUSH_MS,
    empty: () => [],
    isEmpty: (batch) => batch.length === 0,
    async write(batch) {
      await db.jobLog.createMany({
        data: batch.map((e) => ({
          jobId,
          sequence: e.sequence,
          level: e.level,
          message: e.message,
          data: (e.data ?? undefined) as Prisma.InputJsonObject | undefined,
          time: new Date(e.time),
        })),
      });
      await bus.publish({ kind: "logs", jobId, logs: batch });
    },
  });

  return {
    add(level: TLogLevel, message: string, data?: Record<string, unknown>) {
      const entry = { sequence: ++sequence, level, message, data: data ?? null, time: new Date().toISOString() };
      writes.add((buffer) => buffer.push(entry));
    },
    flush: writes.flush,
  };
}

/** One line from outside a run (approval, cancel of a waiting job, recovery): no runner writes meanwhile. */
export async function appendJobLog(
  db: TDb,
  bus: TJobEventBus,
  jobId: string,
  level: TLogLevel,
  message: string,
  data?: Record<string, unknown>,
) {
  const log = await openJobLog(db, bus, jobId);
  log.add(level, message, data);
  await log.flush();
}
