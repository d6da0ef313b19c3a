import type { TOperation } from "../../schemas/operations.ts";
import type { TColumnInfo } from "../loading/types.ts";
import { relationFacts, type TFactsWanted, type TRelationFacts } from "../preparing/column-facts.ts";
import { compileOperations } from "../preparing/compile.ts";
import { ident, type Workspace } from "../workspace.ts";
import type { TDroppedColumn, TTargetContext, TTargetPlan } from "./types.ts";

/** Text that means "no value" in exported spreadsheets and CSVs, compared lower-cased after trimming. */
export const NULL_WORDS = ["", "na", "n/a", "null", "nan"];

/** The cleaned data as later targets see it: the operations so far and facts about their result. */
export type TCleanStage = { operations: TOperation[]; dropped: TDroppedColumn[]; notes: string[]; facts: TRelationFacts };

/** Columns and facts of the relation that `operations` produce from `table`, without materialising it. */
export async function planFacts(ws: Workspace, table: string, columns: TColumnInfo[], operations: TOperation[], wanted: TFactsWanted): Promise<TRelationFacts> {
  const plan = compileOperations({ table, columns: columns.map((c) => c.name) }, operations);
  const described = await ws.rowsJS(`DESCRIBE ${plan.unordered}`);
  const shape = described.map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
  return relationFacts(ws, `(${plan.unordered})`, shape, wanted);
}

/** Trim text, read null words as NULL, drop empty columns and rows, dedupe, type text columns. */
async function cleanStage(ws: Workspace, table: string, columns: TColumnInfo[]): Promise<TCleanStage> {
  const words = NULL_WORDS.map((w) => `'${w}'`).join(", ");
  const operations: TOperation[] = columns
    .filter((c) => c.type === "VARCHAR")
    .map((c) => ({
      op: "derive" as const,
      column: c.name,
      expression: `CASE WHEN lower(trim(${ident(c.name)})) IN (${words}) THEN NULL ELSE trim(${ident(c.name)}) END`,
    }));
  const notes: string[] = [];
  const dropped: TDroppedColumn[] = [];
  // Which columns are empty and how their text reads; distinct counts come after dedupe.
  const normalised = await planFacts(ws, table, columns, operations, { text: true });

  const kept = normalised.columns.filter((f) => f.nonNull > 0);
  if (kept.length === 0) {
    notes.push("every column is empty");
  } else if (kept.length < normalised.columns.length) {
    for (const f of normalised.columns) if (f.nonNull === 0) dropped.push({ column: f.name, reason: "entirely empty" });
    operations.push({ op: "select", columns: kept.map((f) => f.name) });
  }
  if (kept.length > 0) operations.push({ op: "drop_nulls", how: "all" }, { op: "dedupe" });
  for (const f of kept) {
    const to = f.readsAs;
    if (to) {
      operations.push({ op: "cast", column: f.name, to });
      notes.push(`${f.name}: text → ${to}`);
    }
  }
  const facts = await planFacts(ws, table, columns, operations, { stats: true });
  return { operations, dropped, notes, facts };
}

/** The clean stage, computed once per preparation: the source table does not change between attempts. */
export async function cachedCleanStage(ctx: TTargetContext): Promise<TCleanStage> {
  const memory = ctx.memory as { cleanStage?: TCleanStage };
  memory.cleanStage ??= await cleanStage(ctx.ws, ctx.table, ctx.columns);
  return memory.cleanStage;
}

export async function planCleanTarget(ctx: TTargetContext): Promise<TTargetPlan> {
  const stage = await cachedCleanStage(ctx);
  return { operations: stage.operations, dropped: stage.dropped, notes: stage.notes, check: null };
}
