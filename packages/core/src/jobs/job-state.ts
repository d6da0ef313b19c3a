import { parseStored } from "../db/stored-json.ts";
import { ZJobStatusSchema, type TJobState } from "../schemas/index.ts";

type TStateRow = {
  id: string;
  status: string;
  progress: number;
  currentStep: number | null;
  error: string | null;
  resultDataId: string | null;
  updatedAt: Date;
};

export const toJobState = (row: TStateRow): TJobState => ({
  id: row.id,
  status: parseStored(ZJobStatusSchema, row.status, `job ${row.id}`, "status"),
  progress: row.progress,
  currentStep: row.currentStep,
  error: row.error,
  resultDataId: row.resultDataId,
  updatedAt: row.updatedAt.toISOString(),
});

/** The SSE event id of a state: equal ids mean nothing new, so a reconnecting client gets no duplicate. */
export const stateEventId = (s: TJobState) => `${s.status}:${s.progress}:${s.currentStep ?? ""}`;
