import type { TCastType, TOperation } from "../../schemas/operations.ts";
import type { TColumnInfo } from "../loading/types.ts";
import { relationFacts, type TColumnFacts, type TRelationFacts } from "../preparing/column-facts.ts";
import { compileOperations } from "../preparing/compile.ts";
import { ident, type Workspace } from "../workspace.ts";
import type { TDroppedColumn, TTargetContext, TTargetPlan } from "./types.ts";

/** Text that means "no value" in exported spreadsheets and CSVs, compared lower-cased after trimming. */
export const NULL_WORDS = ["", "na", "n/a", "null", "nan"];

/** The cleaned data as later targets see it: the operations so far and facts about their result. */
export type TCleanStage = { operations: TOperation[]; dropped: TDroppedColumn[]; notes: string[]; facts: TRelationFacts };

/** Columns and facts of the relation that `operations` produce from `table`, without materialising it. */
export async function planFacts(ws: Workspace, table: string, columns: TColumnInfo[], operations: TOperation[]): Promise<TRelationFacts> {
  const plan = compileOperations({ table, columns: columns.map((c) => c.name) }, operations);
  const described = await ws.rowsJS(`DESCRIBE ${plan.sql}`);
  const shape = described.map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
  return relationFacts(ws, `(${plan.sql})`, shape);
}

/** The narrowest type every non-NULL value of a text column converts to, if any. */
function textType(f: TColumnFacts): TCastType | null {
  const t = f.text;
  if (!t || f.nonNull === 0) return null;
  const all = (n: number) => n === f.nonNull;
  // Leading zeros (zip codes, phone numbers) would be lost as numbers.
  if (all(t.integer) && t.leadingZero === 0) return "bigint";
  if (all(t.number) && t.leadingZero === 0) return "double";
  if (all(t.boolean)) return "boolean";
  if (all(t.date)) return "date";
  if (all(t.timestamp)) return "timestamp";
  return null;
}

/** Trim text, read null words as NULL, drop empty columns and rows, dedupe, type text columns. */
export async function cleanStage(ws: Workspace, table: string, columns: TColumnInfo[]): Promise<TCleanStage> {
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
  const normalised = await planFacts(ws, table, columns, operations);

  const kept = normalised.columns.filter((f) => f.nonNull > 0);
  if (kept.length === 0) {
    notes.push("every column is empty");
  } else if (kept.length < normalised.columns.length) {
    for (const f of normalised.columns) if (f.nonNull === 0) dropped.push({ column: f.name, reason: "entirely empty" });
    operations.push({ op: "select", columns: kept.map((f) => f.name) });
  }
  if (kept.length > 0) operations.push({ op: "drop_nulls", how: "all" }, { op: "dedupe" });
  for (const f of kept) {
    const to = textType(f);
    if (to) {
      operations.push({ op: "cast", column: f.name, to });
      notes.push(`${f.name}: text → ${to}`);
    }
  }
  const facts = await planFacts(ws, table, columns, operations);
  return { operations, dropped, notes, facts };
}

export async function planCleanTarget(ctx: TTargetContext): Promise<TTargetPlan> {
  const stage = await cleanStage(ctx.ws, ctx.table, ctx.columns);
  return { operations: stage.operations, dropped: stage.dropped, notes: stage.notes, check: null };
}
