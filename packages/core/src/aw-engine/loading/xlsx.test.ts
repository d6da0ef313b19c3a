import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES } from "../../../test/engine-test-kit.ts";
import { xlsxToCsv } from "./xlsx.ts";

describe("XLSX to CSV", () => {
  it("reads the same sheets and rows whether the workbook is streamed or read whole (the fallback)", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "aw-xlsx-"));
    try {
      for (const sheet of [undefined, "Sales", "1"]) {
        const streamed = await xlsxToCsv(path.join(FIXTURES, "workbook.xlsx"), path.join(dir, "s.csv"), sheet);
        const whole = await xlsxToCsv(path.join(FIXTURES, "workbook.xlsx"), path.join(dir, "w.csv"), sheet, "whole");
        expect(whole).toEqual(streamed);
        expect(await fs.readFile(path.join(dir, "w.csv"), "utf8")).toBe(await fs.readFile(path.join(dir, "s.csv"), "utf8"));
      }
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
