import type { TConfig } from "../config.ts";
import type { TDb } from "../db/client.ts";
import { DomainError } from "../errors.ts";
import type { TDataFormat, TDataMetadata } from "../schemas/data.ts";
import { metadataJson, storedMetadata } from "./artifact.ts";
import { profileAndSnapshot, type TProfileDeps } from "./profile-artifact.ts";

/** Queued ids beyond this are left pending in the database; a read or the next start picks them up. */
const MAX_QUEUED = 10_000;

/** Settled: profiled with a snapshot, or known unreadable (artifacts from before background profiling carry only the error). */
export const isProfileSettled = (metadata: TDataMetadata) => !!metadata.snapshotKey || !!metadata.profileError;

/** SQLite and PostgreSQL spell a JSON path differently. */
function pendingFilter(config: Pick<TConfig, "databaseProvider">) {
  const path = config.databaseProvider === "postgresql" ? (["profileStatus"] as unknown as string) : "$.profileStatus";
  return { path, equals: "pending" };
}

type TWaiter = { promise: Promise<void>; resolve: () => void; reject: (err: Error) => void };

/**
 * Profiles artifacts in the background, one at a time in FIFO order: each file is loaded once,
 * its quick profile stored in metadata and its table kept as a Parquet snapshot.
 */
export function createProfiler({ db, storage, config }: TProfileDeps & { db: TDb; config: Pick<TConfig, "databaseProvider"> }) {
  const queue: string[] = [];
  const waiters = new Map<string, TWaiter>();
  const controller = new AbortController();
  let running: string | null = null;
  let drained: Promise<void> = Promise.resolve();

  async function profileOne(id: string): Promise<void> {
    const row = await db.dataArtifact.findUnique({ where: { id } });
    if (!row || isProfileSettled(storedMetadata(row))) return;
    const result = await profileAndSnapshot({ storage, config }, { ...row, format: row.format as TDataFormat }, controller.signal);
    const latest = await db.dataArtifact.findUnique({ where: { id }, select: { metadata: true } });
    const { count } = latest ? await db.dataArtifact.updateMany({ where: { id }, data: { metadata: metadataJson({ ...storedMetadata(latest), ...result }) } }) : { count: 0 };
    // Deleted meanwhile: the delete may have run before the snapshot was written.
    if (count === 0 && result.snapshotKey) await storage.delete(result.snapshotKey);
  }

  async function drain(): Promise<void> {
    for (let id = queue.shift(); id !== undefined && !controller.signal.aborted; id = queue.shift()) {
      running = id;
      try {
        await profileOne(id);
      } catch (err) {
        if (!controller.signal.aborted) console.error(`[data] profile of ${id} failed:`, err);
      } finally {
        running = null;
        waiters.get(id)?.resolve();
        waiters.delete(id);
      }
    }
  }

  function schedule(id: string, first = false): void {
    if (controller.signal.aborted || id === running) return;
    const at = queue.indexOf(id);
    if (at >= 0 && first) queue.splice(at, 1);
    else if (at >= 0 || (!first && queue.length >= MAX_QUEUED)) return;
    if (first) queue.unshift(id);
    else queue.push(id);
    if (running === null && queue.length === 1) drained = drain();
  }

  return {
    /** Profiles the artifact when its turn comes (nothing happens if it is already settled). */
    schedule: (id: string) => schedule(id),

    /** Moves the artifact to the front of the queue and resolves once it has been profiled. */
    ensure(id: string): Promise<void> {
      if (controller.signal.aborted) return Promise.reject(new DomainError("UNAVAILABLE", "the server is shutting down"));
      let waiter = waiters.get(id);
      if (!waiter) {
        let resolve!: () => void;
        let reject!: (err: Error) => void;
        const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
        waiter = { promise, resolve, reject };
        waiters.set(id, waiter);
      }
      schedule(id, true);
      return waiter.promise;
    },

    /** Drops a queued artifact (it was deleted); anyone waiting for it finds it gone. */
    forget(id: string): void {
      const at = queue.indexOf(id);
      if (at < 0) return;
      queue.splice(at, 1);
      waiters.get(id)?.resolve();
      waiters.delete(id);
    },

    /** Queues every artifact still pending, e.g. after the server was stopped mid-profile. */
    async resume(): Promise<number> {
      const rows = await db.dataArtifact.findMany({ where: { metadata: pendingFilter(config) }, select: { id: true }, orderBy: { createdAt: "asc" } });
      for (const { id } of rows) schedule(id);
      return rows.length;
    },

    /** Stops the current profile (its artifact stays pending) and fails anyone waiting. */
    async close(): Promise<void> {
      controller.abort();
      queue.length = 0;
      for (const waiter of waiters.values()) waiter.reject(new DomainError("UNAVAILABLE", "the server is shutting down"));
      waiters.clear();
      await drained;
    },
  };
}

export type TProfiler = ReturnType<typeof createProfiler>;
