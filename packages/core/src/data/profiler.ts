import type { TConfig } from "../config.ts";
import type { TDb } from "../db/client.ts";
import { DomainError } from "../errors.ts";
import type { TDataFormat, TDataMetadata } from "../schemas/data.ts";
import type { TLogger } from "../telemetry/logger.ts";
import { metadataJson, storedFormat, storedMetadata } from "./artifact.ts";
import { profileAndSnapshot, type TProfileDeps } from "./profile-artifact.ts";

/** Queued ids beyond this are left pending in the database; a read or the next start picks them up. */
const MAX_QUEUED = 10_000;
/** Plain-text files up to this size are "small": they never wait behind a large or compressed one. */
const SMALL_FILE_BYTES = 8 * 2 ** 20;
/** Formats whose bytes say how much there is to read; compressed ones (gzip, xlsx, Parquet) can expand many times over. */
const PLAIN_FORMATS = new Set<TDataFormat>(["csv", "tsv", "json", "jsonl"]);

type TLane = "small" | "large";
const laneOf = (artifact: { sizeBytes: bigint; format: string }): TLane =>
  artifact.sizeBytes <= SMALL_FILE_BYTES && PLAIN_FORMATS.has(artifact.format as TDataFormat) ? "small" : "large";

/** Settled: profiled with a snapshot, or known unreadable (artifacts from before background profiling carry only the error). */
export const isProfileSettled = (metadata: TDataMetadata) => !!metadata.snapshotKey || !!metadata.profileError;

/** SQLite and PostgreSQL spell a JSON path differently. */
function pendingFilter(config: Pick<TConfig, "databaseProvider">) {
  const path = config.databaseProvider === "postgresql" ? (["profileStatus"] as unknown as string) : "$.profileStatus";
  return { path, equals: "pending" };
}

type TWaiter = { promise: Promise<void>; resolve: () => void; reject: (err: Error) => void };
type TRunning = { lane: TLane; controller: AbortController; done: Promise<void> };

/**
 * Profiles artifacts in the background, PROFILE_CONCURRENCY at a time, in two FIFO lanes: small
 * plain-text files, and the rest. Large files take at most all slots but one, so a small file
 * never waits behind a large one. Each file is loaded once (within its time, memory and spill
 * budget), its quick profile stored in metadata and its table kept as a Parquet snapshot.
 */
export function createProfiler({
  db,
  storage,
  config,
  log,
}: TProfileDeps & { db: TDb; config: Pick<TConfig, "databaseProvider" | "PROFILE_CONCURRENCY">; log: TLogger }) {
  const lanes: Record<TLane, string[]> = { small: [], large: [] };
  const waiters = new Map<string, TWaiter>();
  const running = new Map<string, TRunning>();
  const shutdown = new AbortController();
  const largeSlots = Math.max(1, config.PROFILE_CONCURRENCY - 1);

  async function profileOne(id: string, signal: AbortSignal): Promise<void> {
    const row = await db.dataArtifact.findUnique({ where: { id } });
    if (!row || isProfileSettled(storedMetadata(row))) return;
    const result = await profileAndSnapshot({ storage, config }, { ...row, format: storedFormat(row) }, signal);
    const latest = await db.dataArtifact.findUnique({ where: { id }, select: { id: true, metadata: true } });
    const { count } = latest
      ? await db.dataArtifact.updateMany({ where: { id }, data: { metadata: metadataJson({ ...storedMetadata(latest), ...result }) } })
      : { count: 0 };
    // Deleted meanwhile: the delete may have run before the snapshot was written.
    if (count === 0 && result.snapshotKey) await storage.delete(result.snapshotKey);
  }

  function settle(id: string): void {
    waiters.get(id)?.resolve();
    waiters.delete(id);
  }

  function start(id: string, lane: TLane): void {
    const controller = new AbortController();
    const signal = AbortSignal.any([shutdown.signal, controller.signal]);
    const done = profileOne(id, signal)
      .catch((err: unknown) => {
        if (!signal.aborted) log.error({ err, dataId: id }, "profile failed");
      })
      .finally(() => {
        running.delete(id);
        settle(id);
        pump();
      });
    running.set(id, { lane, controller, done });
  }

  /** Starts queued profiles while there are free slots: small files first, large ones only within their share. */
  function pump(): void {
    while (!shutdown.signal.aborted && running.size < config.PROFILE_CONCURRENCY) {
      const largeRunning = [...running.values()].filter((r) => r.lane === "large").length;
      const lane: TLane | undefined = lanes.small.length ? "small" : lanes.large.length && largeRunning < largeSlots ? "large" : undefined;
      const id = lane && lanes[lane].shift();
      if (!lane || !id) return;
      start(id, lane);
    }
  }

  const queued = () => lanes.small.length + lanes.large.length;

  function unqueue(id: string): boolean {
    for (const lane of Object.values(lanes)) {
      const at = lane.indexOf(id);
      if (at >= 0) return lane.splice(at, 1).length > 0;
    }
    return false;
  }

  /** Queues the artifact in its lane (at the front when `first`); an artifact gone or already running is left alone. */
  async function enqueue(id: string, first: boolean): Promise<void> {
    const row = await db.dataArtifact.findUnique({ where: { id }, select: { sizeBytes: true, format: true } });
    if (!row) return settle(id);
    if (shutdown.signal.aborted || running.has(id)) return;
    const lane = lanes[laneOf(row)];
    const at = lane.indexOf(id);
    if (at >= 0 && !first) return;
    if (at >= 0) lane.splice(at, 1);
    else if (!first && queued() >= MAX_QUEUED) return;
    lane[first ? "unshift" : "push"](id);
    pump();
  }

  const schedule = (id: string, first: boolean) =>
    void enqueue(id, first).catch((err: unknown) => {
      waiters.get(id)?.reject(err as Error);
      waiters.delete(id);
    });

  return {
    /** Profiles the artifact when its turn comes (nothing happens if it is already settled). */
    schedule: (id: string) => schedule(id, false),

    /** Moves the artifact to the front of its lane and resolves once it has been profiled. */
    ensure(id: string): Promise<void> {
      if (shutdown.signal.aborted) return Promise.reject(new DomainError("UNAVAILABLE", "the server is shutting down"));
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

    /** The artifact was deleted: drops it from the queue, or stops its running profile; anyone waiting finds it gone. */
    forget(id: string): void {
      running.get(id)?.controller.abort(new DomainError("NOT_FOUND", `data ${id} was deleted`));
      if (unqueue(id)) settle(id);
    },

    /** Queues every artifact still pending, e.g. after the server was stopped mid-profile. */
    async resume(): Promise<number> {
      const rows = await db.dataArtifact.findMany({
        where: { metadata: pendingFilter(config) },
        select: { id: true },
        orderBy: { createdAt: "asc" },
      });
      for (const { id } of rows) await enqueue(id, false);
      return rows.length;
    },

    /** Stops the running profiles (their artifacts stay pending) and fails anyone waiting. */
    async close(): Promise<void> {
      shutdown.abort();
      lanes.small.length = 0;
      lanes.large.length = 0;
      for (const waiter of waiters.values()) waiter.reject(new DomainError("UNAVAILABLE", "the server is shutting down"));
      waiters.clear();
      await Promise.all([...running.values()].map((r) => r.done));
    },
  };
}

export type TProfiler = ReturnType<typeof createProfiler>;
