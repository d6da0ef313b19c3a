/** Work that runs on a schedule wherever jobs run (approval timeouts, retention). */
export type TPeriodicTask = { name: string; everyMs: number; run: () => Promise<void> };

export type TQueueStats = {
  driver: "local" | "bullmq";
  /** Whether this process runs jobs (an API process with bullmq only enqueues). */
  runsJobs: boolean;
  concurrency: number;
  /** Jobs running in this process. */
  running: number;
  /** Jobs waiting for a free slot: in this process (local) or in Redis (bullmq). */
  waiting: number;
};

/**
 * Where queued jobs wait and which worker runs them. The job row is the source of truth: a
 * run's start step is derived from the row (see resumePoint), so `enqueue` needs only the id
 * and a job enqueued twice still runs once (claiming is a conditional update).
 */
export type TJobQueue = {
  readonly driver: "local" | "bullmq";
  enqueue(jobId: string): Promise<void>;
  /** Recovers orphaned jobs, picks up queued ones, and starts the periodic tasks. */
  start(tasks?: TPeriodicTask[]): Promise<void>;
  /** Stops taking work; running jobs are aborted and re-queued to resume from their last completed step. */
  stop(): Promise<void>;
  /** Signals the running job's AbortController wherever it runs. */
  cancel(jobId: string): Promise<void>;
  stats(): Promise<TQueueStats>;
};
