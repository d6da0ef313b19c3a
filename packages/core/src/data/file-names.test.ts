import { describe, expect, it } from "vitest";
import { asciiName, displayName, uploadNameProblem } from "./file-names.ts";
import { humanBytes } from "./human-bytes.ts";

describe("displayName", () => {
  it.each([
    ["../../etc/passwd", "passwd"],
    ["C:\\Users\\me\\data.csv", "data.csv"],
    ["..", "file"],
    ["", "file"],
    [".env", "env"],
    ["a\u0000b\r\n.csv", "ab.csv"],
    ["  spaced name.csv  ", "spaced name.csv"],
    ["cafe\u0301.csv", "café.csv"],
    // A right-to-left override would show "report\u202Etxt.exe" as "reportexe.txt".
    ["report\u202Etxt.exe", "reporttxt.exe"],
    ["\u2066a\u2069\u200e\u200f\u202a\u202b\u202c\u202d\u2067\u2068b.csv", "ab.csv"],
    ["c1\u0085\u009f.csv", "c1.csv"],
  ])("%j → %j", (input, expected) => {
    expect(displayName(input)).toBe(expected);
  });

  it("shortens very long names but keeps the extension", () => {
    const name = displayName(`${"x".repeat(500)}.parquet`);
    expect([...name].length).toBe(200);
    expect(name.endsWith(".parquet")).toBe(true);
  });
});

describe("uploadNameProblem", () => {
  it.each([
    ["a\u0000b.csv", "the file name contains NUL, CR or LF"],
    ["a\r\nb.csv", "the file name contains NUL, CR or LF"],
    ["", "the file name is empty"],
    [".", 'the file name "." names no file'],
    ["..", 'the file name ".." names no file'],
    ["dir/..", 'the file name "dir/.." names no file'],
    ["dir/", 'the file name "dir/" names no file'],
  ])("%j → %j", (input, expected) => {
    expect(uploadNameProblem(input)).toBe(expected);
  });

  it.each(["data.csv", "../../etc/passwd", ".env", "a\tb.csv"])("accepts %j", (input) => {
    expect(uploadNameProblem(input)).toBeUndefined();
  });
});

describe("asciiName", () => {
  it.each([
    ["données été.csv", "donnees_ete.csv"],
    ["報告.xlsx", "file.xlsx"],
    ["日本", "file"],
    ["...", "file..."],
    ["a b;c.csv", "a_b_c.csv"],
  ])("%j → %j", (input, expected) => {
    expect(asciiName(input)).toBe(expected);
  });
});

describe("humanBytes", () => {
  it.each([
    [0, "0 bytes"],
    [1023, "1023 bytes"],
    [1024, "1 KiB"],
    [1536, "1.5 KiB"],
    [5 * 1024 ** 3, "5 GiB"],
    [123.4 * 1024 ** 2, "123.4 MiB"],
  ])("%d → %s", (bytes, expected) => {
    expect(humanBytes(bytes)).toBe(expected);
  });
});
