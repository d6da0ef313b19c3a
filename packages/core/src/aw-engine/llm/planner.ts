import { z } from "zod";
import { ZOperationSchema, type TOperation } from "../../schemas/operations.ts";
import type { TPreparingConfig } from "../../schemas/workflow.ts";
import { relationFacts } from "../preparing/column-facts.ts";
import { compileOperations } from "../preparing/compile.ts";
import type { TAttempt } from "../run-types.ts";
import { jsonRows, tableColumns } from "../sample.ts";
import { ident, type Workspace } from "../workspace.ts";
import { chatCompletion, type TChatMessage } from "./chat-client.ts";

/** An OpenAI-compatible endpoint: base URL (…/v1), key, model, per-call timeout. */
export type TLlmConfig = { baseUrl: string; apiKey: string; model: string; timeoutSeconds: number };

export type TLlmPlanOutcome = { operations: TOperation[] | null; reason?: string; attempts: TAttempt[] };

const ZPlanSchema = z.object({ operations: z.array(ZOperationSchema).min(1) });

const TARGET_GOALS: Record<TPreparingConfig["target"], string> = {
  clean:
    "trim text, turn empty/NA/null text into NULL, drop empty rows and columns, drop duplicate rows, cast text columns that hold numbers, booleans or dates",
  "ml-ready":
    "clean, impute numeric NULLs with the median and categorical NULLs with the mode, drop constant and ID-like columns, keep numeric and low-cardinality categorical columns",
  "plot-ready": "clean, keep at least one numeric column, cast date-like text to dates, keep at most 20 categories per text column",
  "cosmo-ready":
    "clean, keep numeric position columns (x/y or longitude/latitude) with finite values, or source/target columns of an edge list without NULLs; never invent columns",
  custom: "apply the operations the user asked for",
};

function systemPrompt(): string {
  const schema = JSON.stringify(z.toJSONSchema(ZOperationSchema, { io: "input" }));
  return [
    "You plan data-preparation steps for a DuckDB table.",
    'Reply with one JSON object and nothing else: {"operations": [ ... ]}.',
    `Each operation must match this JSON Schema: ${schema}`,
    "Only use columns that exist at that point of the plan. A derive expression is one DuckDB SQL expression, no subqueries.",
  ].join("\n");
}

async function userPrompt(ws: Workspace, table: string, config: TPreparingConfig): Promise<string> {
  const columns = await tableColumns(ws, table);
  const facts = await relationFacts(ws, ident(table), columns);
  const sample = await jsonRows(ws, `SELECT * FROM ${ident(table)} LIMIT 5`);
  const profile = facts.columns.map((f) => ({
    name: f.name,
    type: f.type,
    nonNull: f.nonNull,
    distinct: f.distinct,
    min: f.min,
    max: f.max,
  }));
  return JSON.stringify({
    target: config.target,
    goal: TARGET_GOALS[config.target],
    rowCount: facts.rowCount,
    columns: profile,
    sampleRows: sample,
    mapping: config.mapping,
  });
}

/** Parses a reply and proves the plan compiles and binds against the table, without running it. */
async function checkReply(ws: Workspace, table: string, reply: string): Promise<TOperation[]> {
  let json: unknown;
  try {
    json = JSON.parse(reply);
  } catch {
    throw new Error("the reply is not valid JSON");
  }
  const parsed = ZPlanSchema.safeParse(json);
  if (!parsed.success) throw new Error(`the plan does not match the schema: ${z.prettifyError(parsed.error)}`);
  const columns = (await tableColumns(ws, table)).map((c) => c.name);
  const plan = compileOperations({ table, columns }, parsed.data.operations);
  await ws.rowsJS(`DESCRIBE ${plan.sql}`);
  return parsed.data.operations;
}

/**
 * Asks the model for a plan; every unusable reply is answered with what was wrong (ReAct-style)
 * until `maxRetries` corrections are spent. Returns no operations, with a reason, when it gives up.
 */
export async function planWithLlm(
  ws: Workspace,
  table: string,
  config: TPreparingConfig,
  llm: TLlmConfig,
  options: { maxRetries: number; signal?: AbortSignal; onLog?: (level: "info" | "warn", message: string) => void },
): Promise<TLlmPlanOutcome> {
  const messages: TChatMessage[] = [
    { role: "system", content: systemPrompt() },
    { role: "user", content: await userPrompt(ws, table, config) },
  ];
  const attempts: TAttempt[] = [];
  let reason = "no attempt made";
  for (let attempt = 1; attempt <= options.maxRetries + 1; attempt++) {
    let reply: string;
    try {
      reply = await chatCompletion(llm, messages, options.signal);
    } catch (err) {
      if (options.signal?.aborted) throw err;
      reason = `LLM request failed: ${(err as Error).message}`;
      attempts.push({ attempt, step: "planning", success: false, error: reason });
      return { operations: null, reason, attempts };
    }
    try {
      const operations = await checkReply(ws, table, reply);
      attempts.push({ attempt, step: "planning", success: true, params: { operations } });
      return { operations, attempts };
    } catch (err) {
      if (options.signal?.aborted) throw err;
      reason = (err as Error).message;
      attempts.push({ attempt, step: "planning", success: false, error: reason });
      options.onLog?.("warn", `LLM plan attempt ${attempt} rejected: ${reason}`);
      messages.push(
        { role: "assistant", content: reply },
        { role: "user", content: `That plan is not usable: ${reason}. Reply with the corrected JSON object only.` },
      );
    }
  }
  return { operations: null, reason: `no usable plan after ${attempts.length} attempts: ${reason}`, attempts };
}
