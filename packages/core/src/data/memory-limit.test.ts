import { expect, it } from "vitest";
import { smallerMemoryLimit } from "./memory-limit.ts";

it("picks the smaller DuckDB memory limit across units", () => {
  expect(smallerMemoryLimit("1GB", "256MB")).toBe("256MB");
  expect(smallerMemoryLimit("200MiB", "256MB")).toBe("200MiB");
  expect(smallerMemoryLimit("250MiB", "256MB")).toBe("256MB"); // 262 MB
  expect(smallerMemoryLimit("0.1 GB", "256MB")).toBe("0.1 GB");
  expect(() => smallerMemoryLimit("lots", "256MB")).toThrow(/not a memory limit/);
});
