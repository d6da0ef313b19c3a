import fs from "node:fs";
import { once } from "node:events";
import ExcelJS from "exceljs";
import { invalid } from "../../errors.ts";

/** Flattens an exceljs cell value to the text DuckDB's CSV reader will type-infer. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date)
    return value
      .toISOString()
      .replace(/T00:00:00\.000Z$/, "")
      .replace(/\.000Z$/, "");
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean" || typeof value === "bigint")
    return String(value);
  if (typeof value !== "object") return "";
  const v = value as { result?: unknown; richText?: { text: string }[]; text?: unknown; error?: string };
  if ("result" in v) return cellText(v.result);
  if (v.richText) return v.richText.map((r) => r.text).join("");
  if ("text" in v) return cellText(v.text);
  if (v.error) return "";
  return JSON.stringify(value);
}

const csvField = (text: string) => (/[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text);

/**
 * Streams one worksheet of an XLSX workbook to a UTF-8 CSV file. Without `sheet`, the first sheet
 * holding any row is used. Returns the sheet read and the names of all sheets seen.
 */
export async function xlsxToCsv(
  file: string,
  dest: string,
  sheet?: string,
  /** `whole` reads the workbook into memory at once: the fallback below, and what tests compare with. */
  reading: "stream" | "whole" = "stream",
): Promise<{ sheet: string; rows: number; sheets: string[] }> {
  if (reading === "whole") return convert(bufferedSheets(file), dest, sheet);
  try {
    return await convert(streamedSheets(file), dest, sheet);
  } catch (err) {
    // ExcelJS's streaming reader can meet a worksheet before the workbook part that names the
    // sheets (zip entry timing) and then fails inside itself with a TypeError; reading the whole
    // workbook at once has no such race.
    if (!(err instanceof TypeError)) throw err;
    return convert(bufferedSheets(file), dest, sheet);
  }
}

type TSheet = { name: string; rows: AsyncIterable<{ values: unknown }> | Iterable<{ values: unknown }> };

async function* streamedSheets(file: string): AsyncGenerator<TSheet> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    sharedStrings: "cache",
    styles: "cache",
    hyperlinks: "ignore",
    worksheets: "emit",
    entries: "ignore",
  });
  for await (const worksheet of reader) {
    yield { name: (worksheet as unknown as { name: string }).name, rows: worksheet as AsyncIterable<{ values: unknown }> };
  }
}

async function* bufferedSheets(file: string): AsyncGenerator<TSheet> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  for (const worksheet of workbook.worksheets) {
    const rows: { values: unknown }[] = [];
    worksheet.eachRow((row) => rows.push(row));
    yield { name: worksheet.name, rows };
  }
}

async function convert(
  worksheets: AsyncIterable<TSheet>,
  dest: string,
  sheet?: string,
): Promise<{ sheet: string; rows: number; sheets: string[] }> {
  const sheets: string[] = [];
  let chosen: { sheet: string; rows: number } | null = null;
  for await (const worksheet of worksheets) {
    const name = worksheet.name;
    sheets.push(name);
    const wanted = chosen === null && (sheet === undefined || sheet === name || sheet === String(sheets.length));
    if (!wanted) {
      for await (const _row of worksheet.rows) void _row;
      continue;
    }
    const out = fs.createWriteStream(dest);
    let rows = 0;
    for await (const row of worksheet.rows) {
      const values = (row.values as unknown[]).slice(1);
      if (!out.write(values.map((v) => csvField(cellText(v))).join(",") + "\n")) await once(out, "drain");
      rows++;
    }
    out.end();
    await once(out, "finish");
    if (rows > 0 || sheet !== undefined) chosen = { sheet: name, rows };
  }
  if (!chosen) {
    throw sheet === undefined
      ? invalid(`the workbook has no sheet with data (sheets: ${sheets.join(", ") || "none"})`)
      : invalid(`sheet "${sheet}" not found (sheets: ${sheets.join(", ")})`);
  }
  return { ...chosen, sheets };
}
