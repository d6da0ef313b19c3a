import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["**/node_modules/**", "**/dist/**", "**/generated/**", "**/test-results/**", "**/playwright-report/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // Env is parsed once, in core's config; everything else receives it.
    files: ["packages/core/src/**/*.ts", "apps/server/src/**/*.ts"],
    ignores: ["packages/core/src/config.ts", "**/*.test.ts"],
    rules: { "no-restricted-properties": ["error", { object: "process", property: "env", message: "read config from loadConfig()" }] },
  },
);
