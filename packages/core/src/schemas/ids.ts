import { z } from "zod";

/** The id of a job, a workflow or a data artifact as the API takes it; trimmed, so a pasted id with stray spaces still matches. */
export const ZIdSchema = z.string().trim().min(1, "id is required").max(64);

/** The input of every call that takes nothing but an id (get, delete, cancel …). */
export const ZByIdSchema = z.object({ id: ZIdSchema });
