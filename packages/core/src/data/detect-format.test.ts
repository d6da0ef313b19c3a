import { describe, expect, it } from "vitest";
import { detectFormat } from "./detect-format.ts";

const text = (s: string) => Buffer.from(s);

describe("detectFormat", () => {
  it.each([
    ["a.csv", text("a,b\n1,2\n"), "csv"],
    ["a.TSV", text("a\tb\n"), "tsv"],
    ["a.json", text('{"a": 1}'), "json"],
    ["a.ndjson", text('{"a":1}\n'), "jsonl"],
    ["noext", text("a;b\n1;2\n"), "csv"],
    ["data.txt", text("a\tb\n1\t2\n"), "tsv"],
    ["data.txt", text('[{"a":1}]'), "json"],
    ["data.txt", text('\uFEFF{"a":1}\n{"a":2}\n'), "jsonl"],
    ["data.txt", text('{\n  "a": 1\n}\n'), "json"],
    ["x.csv", Buffer.from([0x50, 0x41, 0x52, 0x31, 0]), "parquet"],
    ["x.bin", Buffer.from([0x1f, 0x8b, 8]), "gzip"],
    ["x.xlsx", Buffer.from([0x50, 0x4b, 0x03, 0x04]), "xlsx"],
    ["x.zip", Buffer.from([0x50, 0x4b, 0x03, 0x04]), "unknown"],
    ["fake.parquet", text("a,b\n"), "unknown"],
    ["fake.xlsx", text("a,b\n"), "unknown"],
    ["image.csv", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0]), "unknown"],
    ["notes.txt", text("just some words"), "unknown"],
  ] as const)("%s → %s", (name, head, format) => {
    expect(detectFormat(name, head)).toBe(format);
  });
});
