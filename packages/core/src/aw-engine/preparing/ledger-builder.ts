import { invalid } from "../../errors.ts";
import type { TLedger, TValueChangeKind } from "../../schemas/ledger.ts";
import type { ZOperationSchema } from "../../schemas/operations.ts";
import type { TColumnInfo } from "../loading/types.ts";
import { jsonRows } from "../sample.ts";
import { ident, type Workspace } from "../workspace.ts";
import type { THidden } from "./compile.ts";
import { describeOperation } from "./describe-operation.ts";

type TParsed = ReturnType<typeof ZOperationSchema.parse>;
type TStage = { relation: string; columns: TColumnInfo[]; rows: number };

/** Examples kept per ledger entry. */
const EXAMPLES = 3;

/** Columns whose values an operation may rewrite in place (every other column passes through untouched). */
function rewrittenColumns(op: TParsed, before: string[]): string[] {
  switch (op.op) {
    case "cast":
    case "bucket":
      return [op.column];
    case "derive":
      return before.includes(op.column) ? [op.column] : [];
    case "fill_nulls":
    case "normalize_text":
      return op.columns;
    default:
      return [];
  }
}

/** How an operation's value changes read: which kind a value set to NULL, filled in, or rewritten counts as. */
function kindsOf(op: TParsed): { nulled: TValueChangeKind; filled: TValueChangeKind; rewritten: TValueChangeKind } {
  switch (op.op) {
    case "normalize_text":
      return { nulled: "null_word", filled: "derived", rewritten: "trimmed" };
    case "cast":
      return { nulled: "cast_failed", filled: "derived", rewritten: "parsed" };
    case "fill_nulls":
      return { nulled: "derived", filled: "imputed", rewritten: "derived" };
    case "bucket":
      return { nulled: "derived", filled: "derived", rewritten: "bucketed" };
    default:
      return { nulled: "derived", filled: "derived", rewritten: "derived" };
  }
}

/**
 * Builds a step's change ledger by comparing each stage of a plan with the stage before it,
 * joined on the hidden source-row column: rows that disappeared, columns that appeared,
 * disappeared, were renamed or retyped, and values that differ.
 */
export class LedgerBuilder {
  private readonly ledger: TLedger = {
    rowsIn: 0,
    rowsOut: 0,
    removed: [],
    columns: { added: [], dropped: [], renamed: [], cast: [] },
    values: [],
  };

  constructor(
    private readonly ws: Workspace,
    private readonly hidden: THidden,
  ) {}

  async rowCount(relation: string): Promise<number> {
    const [row] = await this.ws.rowsJS(`SELECT count(*) AS n FROM ${relation}`);
    return Number(row?.n ?? 0);
  }

  start(rows: number) {
    this.ledger.rowsIn = rows;
  }

  finish(rows: number): TLedger {
    this.ledger.rowsOut = rows;
    return this.ledger;
  }

  /**
   * Accounts for operation `i`. `where` is the predicate of an operation that only keeps the rows
   * passing it; `aligned` says the stage after holds the rows of the stage before in the same order.
   */
  async account(
    op: TParsed,
    i: number,
    before: TStage,
    after: TStage,
    { where, aligned = false }: { where?: string; aligned?: boolean },
  ): Promise<void> {
    const reason = op.reason ?? describeOperation(op);
    if (after.rows > before.rows)
      throw invalid(
        `operation ${i + 1} (${op.op}) added ${after.rows - before.rows} rows; operations may keep, change or remove rows, not add them`,
      );
    if (after.rows < before.rows) await this.accountRemoved(reason, before, after, where);
    const beforeNames = before.columns.map((c) => c.name);
    const afterNames = after.columns.map((c) => c.name);
    const renamed = op.op === "rename" ? Object.entries(op.mapping).filter(([from, to]) => from !== to) : [];
    for (const [from, to] of renamed) this.ledger.columns.renamed.push({ from, to, reason });
    const renamedFrom = new Set(renamed.map(([from]) => from));
    const renamedTo = new Set(renamed.map(([, to]) => to));
    for (const column of afterNames)
      if (!beforeNames.includes(column) && !renamedTo.has(column)) this.ledger.columns.added.push({ column, reason });
    for (const column of beforeNames)
      if (!afterNames.includes(column) && !renamedFrom.has(column)) this.ledger.columns.dropped.push({ column, reason });
    await this.accountValues(op, reason, before, after, aligned);
  }

  private async accountRemoved(reason: string, before: TStage, after: TStage, where?: string) {
    const rid = ident(this.hidden.rid);
    // The rows a filter removed are those failing its predicate: no need to look them up in the result.
    const removed = where ? `(${where}) IS NOT TRUE` : `NOT EXISTS (SELECT 1 FROM ${after.relation} a WHERE a.${rid} = b.${rid})`;
    const examples = await jsonRows(
      this.ws,
      `SELECT ${before.columns.map((c) => `b.${ident(c.name)}`).join(", ")} FROM ${before.relation} b
       WHERE ${removed} ORDER BY b.${ident(this.hidden.ord)} LIMIT ${EXAMPLES}`,
    );
    const count = before.rows - after.rows;
    const entry = this.ledger.removed.find((r) => r.reason === reason);
    if (entry) {
      entry.count += count;
      entry.examples = [...entry.examples, ...examples].slice(0, EXAMPLES);
    } else this.ledger.removed.push({ reason, count, examples });
  }

  private async accountValues(op: TParsed, reason: string, before: TStage, after: TStage, aligned: boolean) {
    const typeBefore = new Map(before.columns.map((c) => [c.name, c.type]));
    const typeAfter = new Map(after.columns.map((c) => [c.name, c.type]));
    const columns = rewrittenColumns(op, [...typeBefore.keys()]).filter((c) => typeBefore.has(c) && typeAfter.has(c));
    if (columns.length === 0) return;
    const b = (c: string) => `b.${ident(c)}`;
    const a = (c: string) => `a.${ident(c)}`;
    const predicates = {
      nulled: (c: string) => `${b(c)} IS NOT NULL AND ${a(c)} IS NULL`,
      filled: (c: string) => `${b(c)} IS NULL AND ${a(c)} IS NOT NULL`,
      rewritten: (c: string) =>
        `${b(c)} IS NOT NULL AND ${a(c)} IS NOT NULL AND CAST(${b(c)} AS VARCHAR) IS DISTINCT FROM CAST(${a(c)} AS VARCHAR)`,
    };
    // Rows in the same order pair up by position, which costs a scan where matching source rows costs a hash join.
    const join = aligned
      ? `FROM ${before.relation} b POSITIONAL JOIN ${after.relation} a`
      : `FROM ${before.relation} b JOIN ${after.relation} a USING (${ident(this.hidden.rid)})`;
    const parts = columns.flatMap((c, i) =>
      Object.entries(predicates).map(([key, where]) => `count(*) FILTER (WHERE ${where(c)}) AS c${i}_${key}`),
    );
    const [counts] = await this.ws.rowsJS(`SELECT ${parts.join(", ")} ${join}`);
    const kinds = kindsOf(op);
    for (const [i, column] of columns.entries()) {
      const from = typeBefore.get(column) ?? "";
      const to = typeAfter.get(column) ?? "";
      const nulled = Number(counts?.[`c${i}_nulled`] ?? 0);
      if (from !== to) this.ledger.columns.cast.push({ column, from, to, reason, failed: op.op === "cast" ? nulled : 0 });
      for (const key of ["nulled", "filled", "rewritten"] as const) {
        const count = Number(counts?.[`c${i}_${key}`] ?? 0);
        if (count === 0) continue;
        const rows = await jsonRows(
          this.ws,
          `SELECT ${b(column)} AS before, ${a(column)} AS after ${join} WHERE ${predicates[key](column)} ORDER BY b.${ident(this.hidden.ord)} LIMIT ${EXAMPLES}`,
        );
        const examples = rows.map((r) => ({ before: r.before, after: r.after }));
        this.addValues({ column, change: kinds[key], count, reason, examples });
      }
    }
  }

  private addValues(entry: TLedger["values"][number]) {
    const same = this.ledger.values.find((v) => v.column === entry.column && v.change === entry.change && v.reason === entry.reason);
    if (!same) {
      this.ledger.values.push(entry);
      return;
    }
    same.count += entry.count;
    same.examples = [...same.examples, ...entry.examples].slice(0, EXAMPLES);
  }
}
