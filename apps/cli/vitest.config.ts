import { defineConfig } from "vitest/config";
import { patience } from "../../packages/core/src/test-patience.ts";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: patience(4),
    hookTimeout: patience(4),
    pool: "forks",
  },
});
