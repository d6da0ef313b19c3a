import { defineConfig } from "vitest/config";
import { patience } from "./src/test-patience.ts";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: patience(4),
    hookTimeout: patience(4),
    // expect.poll waits for a state, not a time: its deadline is the patience, not vitest's 1 s.
    expect: { poll: { timeout: patience(), interval: 50 } },
    pool: "forks",
  },
});
