import type { TOperation } from "../../schemas/operations.ts";
import type { TColumnInfo } from "../loading/types.ts";
import { relationFacts, type TFactsWanted, type TRelationFacts } from "../preparing/column-facts.ts";
import { compileOperations } from "../preparing/compile.ts";
import type { Workspace } from "../workspace.ts";
import type { TDroppedColumn, TTargetContext, TTargetPlan } from "./types.ts";

/** Text that means "no value" in exported spreadsheets and CSVs, compared lower-cased after trimming. */
export const NULL_WORDS = ["", "na", "n/a", "null", "nan"];

/** The cleaned data as later targets see it: the operations so far and facts about their result. */
export type TCleanStage = { operations: TOperation[]; dropped: TDroppedColumn[]; notes: string[]; facts: TRelationFacts };

/** Columns and facts of the relation that `operations` produce from `table`, without materialising it. */
export async function planFacts(
  ws: Workspace,
  table: string,
  columns: TColumnInfo[],
  operations: TOperation[],
  wanted: TFactsWanted,
): Promise<TRelationFacts> {
  const plan = compileOperations({ table, columns: columns.map((c) => c.name) }, operations);
  const described = await ws.rowsJS(`DESCRIBE ${plan.unordered}`);
  const shape = described.map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
  return relationFacts(ws, `(${plan.unordered})`, shape, wanted);
}

/** Trim text, read null words as NULL, drop empty columns and empty rows, type text columns; dedupe only when asked. Every change is counted in the ledger. */
async function cleanStage(ws: Workspace, table: string, columns: TColumnInfo[], config: TTargetContext["config"]): Promise<TCleanStage> {
  const texts = columns.filter((c) => c.type === "VARCHAR").map((c) => c.name);
  const operations: TOperation[] = texts.length
    ? [
        {
          op: "normalize_text",
          columns: texts,
          trim: true,
          nullWords: NULL_WORDS,
          reason: `whitespace trimmed; ${NULL_WORDS.map((w) => JSON.stringify(w)).join(", ")} read as NULL`,
        },
      ]
    : [];
  const notes: string[] = [];
  const dropped: TDroppedColumn[] = [];
  // Which columns are empty, how their text reads once normalised, and the facts the targets decide by, in one scan.
  const normalised = await planFacts(ws, table, columns, operations, { text: true, stats: true, emptyRows: true });

  const kept = normalised.columns.filter((f) => f.nonNull > 0);
  if (kept.length === 0) {
    notes.push("every column is empty");
  } else if (kept.length < normalised.columns.length) {
    for (const f of normalised.columns) if (f.nonNull === 0) dropped.push({ column: f.name, reason: "entirely empty" });
    operations.push({ op: "select", columns: kept.map((f) => f.name), reason: "entirely empty" });
  }
  if (kept.length > 0) operations.push({ op: "drop_nulls", how: "all", reason: "every value of the row empty" });
  if (kept.length > 0 && config.dedupe) operations.push({ op: "dedupe", reason: "exact duplicate of an earlier row (dedupe asked for)" });
  for (const f of kept) {
    const to = f.readsAs;
    if (to) {
      operations.push({ op: "cast", column: f.name, to, reason: `every value reads as ${to}` });
      notes.push(`${f.name}: text → ${to}`);
    }
  }
  // Dropping empty columns and empty rows leaves every other count as it was; a cast or a dedupe changes them.
  const rescan = operations.some((op) => op.op === "cast" || op.op === "dedupe");
  const facts = rescan
    ? await planFacts(ws, table, columns, operations, { stats: true })
    : { rowCount: normalised.rowCount - (normalised.emptyRows ?? 0), columns: kept.map((f) => ({ ...f, readsAs: null })) };
  return { operations, dropped, notes, facts };
}

/** The clean stage, computed once per preparation: the source table does not change between attempts. */
export async function cachedCleanStage(ctx: TTargetContext): Promise<TCleanStage> {
  const memory = ctx.memory as { cleanStage?: TCleanStage };
  memory.cleanStage ??= await cleanStage(ctx.ws, ctx.table, ctx.columns, ctx.config);
  return memory.cleanStage;
}

export async function planCleanTarget(ctx: TTargetContext): Promise<TTargetPlan> {
  const stage = await cachedCleanStage(ctx);
  return { operations: stage.operations, dropped: stage.dropped, notes: stage.notes, check: null };
}
