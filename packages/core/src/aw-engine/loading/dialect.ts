/** Delimiters the agent considers, in the order it prefers them on a tie. */
export const DELIMITER_CANDIDATES = [",", ";", "\t", "|"] as const;

const MAX_RECORDS = 200;

export type TDelimitedShape = {
  delimiter: string;
  /** Fields per record over the sample (quote-aware, so quoted newlines stay in one record). */
  counts: number[];
  /** The most common field count. */
  mode: number;
  /** Share of records with the modal count. */
  consistency: number;
  /** The sample ends inside a quoted field that started far back: a likely unterminated quote. */
  openQuote: boolean;
};

/** Splits a text sample into records and counts fields, honouring double quotes. */
export function analyzeDelimited(text: string, delimiter: string): TDelimitedShape {
  const counts: number[] = [];
  let fields = 1;
  let inQuotes = false;
  let atFieldStart = true;
  let quoteStart = 0;
  let recordHasContent = false;
  // The sample may be cut mid-record; the last partial record is dropped.
  for (let i = 0; i < text.length && counts.length < MAX_RECORDS; i++) {
    const ch = text[i];
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') i++;
        else inQuotes = false;
      }
      continue;
    }
    if (ch === '"' && atFieldStart) {
      inQuotes = true;
      quoteStart = i;
      atFieldStart = false;
      recordHasContent = true;
    } else if (ch === delimiter) {
      fields++;
      atFieldStart = true;
      recordHasContent = true;
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      if (recordHasContent) counts.push(fields);
      fields = 1;
      atFieldStart = true;
      recordHasContent = false;
    } else {
      atFieldStart = false;
      recordHasContent = true;
    }
  }
  const openQuote = inQuotes && text.length - quoteStart > 2000;
  const tally = new Map<number, number>();
  for (const c of counts) tally.set(c, (tally.get(c) ?? 0) + 1);
  let mode = 1;
  let modeCount = 0;
  for (const [c, n] of tally) if (n > modeCount || (n === modeCount && c > mode)) [mode, modeCount] = [c, n];
  return { delimiter, counts, mode, consistency: counts.length ? modeCount / counts.length : 0, openQuote };
}

/**
 * Ranks candidate delimiters by how consistently they split the sample's records into more
 * than one field; a delimiter that splits nothing ranks last.
 */
export function rankDelimiters(text: string): TDelimitedShape[] {
  const shapes = DELIMITER_CANDIDATES.map((d) => analyzeDelimited(text, d));
  const score = (s: TDelimitedShape) => (s.mode > 1 ? s.consistency : -1);
  return shapes.toSorted((a, b) => score(b) - score(a) || b.mode - a.mode);
}

/** True when a semicolon-delimited sample writes decimals with a comma (`2,50`). */
export function usesDecimalComma(text: string, delimiter: string): boolean {
  return delimiter === ";" && /(?:^|;)-?\d+,\d+(?=;|\r?\n|$)/m.test(text);
}
