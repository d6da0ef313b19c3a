import { defineConfig } from "vitest/config";
import { patience } from "../../packages/core/src/test-patience.ts";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The packed-package test builds, packs and installs: minutes on a slow machine, not seconds.
    testTimeout: patience(12),
    hookTimeout: patience(4),
    pool: "forks",
  },
});
