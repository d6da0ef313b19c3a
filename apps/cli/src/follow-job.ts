import type { TAwClient } from "@aw/client";
import { CliError, EXIT } from "./errors.ts";

type TJobState = Parameters<NonNullable<Parameters<TAwClient["jobs"]["onJob"]["subscribe"]>[1]["onData"]>>[0]["data"];

const ENDINGS: Partial<Record<TJobState["status"], number>> = { failed: EXIT.failed, cancelled: EXIT.cancelled, rejected: EXIT.rejected };

/**
 * Follows a job over the SSE subscription, a line on stderr per change, until it ends: resolves
 * with the completed state, throws a CliError with the status's exit code otherwise. Reconnects
 * are the subscription link's own (it resumes from the last event id).
 */
export function followJob(aw: TAwClient, id: string): Promise<TJobState> {
  return new Promise((resolve, reject) => {
    let last: TJobState | undefined;
    const subscription = aw.jobs.onJob.subscribe(
      { id },
      {
        onData({ data: state }) {
          const changed = state.status !== last?.status || state.progress !== last?.progress || state.currentStep !== last?.currentStep;
          last = state;
          if (!changed) return;
          const step = state.currentStep === null ? "" : ` step ${state.currentStep + 1}`;
          process.stderr.write(`job ${id}: ${state.status} ${state.progress}%${step}\n`);
          if (state.status === "awaiting_approval") {
            process.stderr.write(`job ${id} awaits approval: aw approve ${id} [--comment TEXT], or aw reject ${id} --comment TEXT\n`);
          }
          // Settled before unsubscribing: unsubscribe calls onComplete at once.
          if (state.status === "completed") {
            resolve(state);
            subscription.unsubscribe();
          }
          const code = ENDINGS[state.status];
          if (code !== undefined) {
            reject(new CliError(`job ${id} ${state.status}${state.error ? `: ${state.error}` : ""}`, code));
            subscription.unsubscribe();
          }
        },
        onError: reject,
        onComplete() {
          reject(new CliError(`the server ended the stream of job ${id} before it finished (last: ${last?.status ?? "nothing"})`));
        },
      },
    );
  });
}
