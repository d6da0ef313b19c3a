import type { RouterOutputs } from "../trpc.ts";

export type TJobDetail = RouterOutputs["jobs"]["get"];
export type TJob = TJobDetail["job"];
export type TJobStep = TJobDetail["steps"][number];
