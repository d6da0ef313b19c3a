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

/** A sample's records split into raw fields (quotes kept), honouring double quotes. */
function splitRecords(text: string, delimiter: string): { records: string[][]; inQuotes: boolean; quoteStart: number } {
  const records: string[][] = [];
  let fields: string[] = [];
  let fieldStart = 0;
  let inQuotes = false;
  let atFieldStart = true;
  let quoteStart = 0;
  let recordHasContent = false;
  // The sample may be cut mid-record; the last partial record is dropped.
  for (let i = 0; i < text.length && records.length < MAX_RECORDS; i++) {
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
      fields.push(text.slice(fieldStart, i));
      fieldStart = i + 1;
      atFieldStart = true;
      recordHasContent = true;
    } else if (ch === "\n" || ch === "\r") {
      fields.push(text.slice(fieldStart, i));
      if (ch === "\r" && text[i + 1] === "\n") i++;
      if (recordHasContent) records.push(fields);
      fields = [];
      fieldStart = i + 1;
      atFieldStart = true;
      recordHasContent = false;
    } else {
      atFieldStart = false;
      recordHasContent = true;
    }
  }
  return { records, inQuotes, quoteStart };
}

/** Splits a text sample into records and counts fields, honouring double quotes. */
export function analyzeDelimited(text: string, delimiter: string): TDelimitedShape {
  const { records, inQuotes, quoteStart } = splitRecords(text, delimiter);
  const counts = records.map((r) => r.length);
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

const unquote = (field: string) => field.trim().replace(/^"(.*)"$/s, (_, inner: string) => inner.replaceAll('""', '"'));

/** The header's field names as the sample writes them, or null when the sample holds no such record. */
export function headerFields(text: string, delimiter: string, skipRows = 0): string[] | null {
  return splitRecords(text, delimiter).records[skipRows]?.map(unquote) ?? null;
}

/** Fields written as decimal numbers with a comma (`1,05`) and with a point (`1.05`) in a sample. */
export type TDecimalEvidence = { comma: number; point: number; commaExamples: string[] };

export function decimalEvidence(text: string, delimiter: string): TDecimalEvidence {
  const evidence: TDecimalEvidence = { comma: 0, point: 0, commaExamples: [] };
  for (const record of splitRecords(text, delimiter).records) {
    for (const raw of record) {
      const field = unquote(raw);
      if (/^[-+]?\d+,\d+$/.test(field)) {
        evidence.comma++;
        if (evidence.commaExamples.length < 3) evidence.commaExamples.push(field);
      } else if (/^[-+]?\d*\.\d+$/.test(field)) evidence.point++;
    }
  }
  return evidence;
}

/** Values that make a semicolon file's decimal comma likely rather than a coincidence. */
const MIN_DECIMAL_COMMAS = 2;

/**
 * True when a semicolon-delimited sample writes decimals with a comma (`2,50`): several such
 * values and none written with a point, since one `1,05` among `0.5`s is a typo, not a dialect.
 */
export function usesDecimalComma(evidence: TDecimalEvidence, delimiter: string): boolean {
  return delimiter === ";" && evidence.comma >= MIN_DECIMAL_COMMAS && evidence.point === 0;
}
