/**
 * Splits a SQL script into statements at top-level semicolons, so a driver that runs one
 * statement per call (SQLite through Prisma) can run a migration. Semicolons inside quotes,
 * comments, PostgreSQL dollar quotes and trigger bodies (BEGIN … END) do not split.
 */
export function splitSqlStatements(script: string): string[] {
  const statements: string[] = [];
  let start = 0;
  let blockDepth = 0;
  let i = 0;
  const n = script.length;

  const skipUntil = (terminator: string, from: number) => {
    const end = script.indexOf(terminator, from);
    return end === -1 ? n : end + terminator.length;
  };
  const skipQuoted = (quote: string, from: number) => {
    let j = from;
    while (j < n) {
      if (script[j] === quote) {
        if (script[j + 1] === quote)
          j += 2; // a doubled quote is an escaped quote
        else return j + 1;
      } else j++;
    }
    return n;
  };
  const push = (end: number) => {
    const text = script.slice(start, end).trim();
    if (hasCode(text)) statements.push(text);
    start = end + 1;
  };

  while (i < n) {
    const ch = script[i]!;
    const next = script[i + 1];
    if (ch === "-" && next === "-") i = skipUntil("\n", i + 2);
    else if (ch === "/" && next === "*") i = skipUntil("*/", i + 2);
    else if (ch === "'" || ch === '"' || ch === "`") i = skipQuoted(ch, i + 1);
    else if (ch === "[") i = skipUntil("]", i + 1);
    else if (ch === "$") {
      const tag = /^\$[A-Za-z_]*\$/.exec(script.slice(i, i + 64));
      i = tag ? skipUntil(tag[0], i + tag[0].length) : i + 1;
    } else if (/[A-Za-z_]/.test(ch) && (i === 0 || !/[\w$]/.test(script[i - 1]!))) {
      const word = /^\w+/.exec(script.slice(i, i + 32))![0];
      const upper = word.toUpperCase();
      if ((upper === "BEGIN" && isTriggerBody(script.slice(start, i))) || (upper === "CASE" && blockDepth > 0)) blockDepth++;
      else if (upper === "END" && blockDepth > 0) blockDepth--;
      i += word.length;
    } else if (ch === ";" && blockDepth === 0) {
      push(i);
      i++;
    } else i++;
  }
  push(n);
  return statements;
}

/** BEGIN opens a block only inside CREATE TRIGGER; elsewhere it starts a transaction. */
function isTriggerBody(statementSoFar: string): boolean {
  return /^\s*CREATE\s+(TEMP\s+|TEMPORARY\s+)?TRIGGER\b/i.test(stripComments(statementSoFar));
}

function stripComments(sql: string): string {
  return sql.replace(/--[^\n]*/g, "").replace(/\/\*[\s\S]*?\*\//g, "");
}

function hasCode(sql: string): boolean {
  return stripComments(sql).trim() !== "";
}
