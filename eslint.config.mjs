import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["**/node_modules/**", "**/dist/**", "**/generated/**", "**/test-results/**", "**/playwright-report/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node, ...globals.browser },
      // Each package's tsconfig includes its src, tests and config files, so every TS file has a project.
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // Plain JS (scripts, this file) is not in any tsconfig; lint it without type information.
    files: ["**/*.{js,mjs,cjs}"],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // Vitest's asymmetric matchers (expect.any, expect.stringMatching, expect.objectContaining…) are typed `any`;
    // every no-unsafe-assignment finding in tests was one of them. Member access, calls and returns on `any` stay checked.
    files: ["**/*.test.ts", "**/test/**/*.ts", "**/*.contract.ts", "**/e2e/**/*.ts"],
    rules: { "@typescript-eslint/no-unsafe-assignment": "off" },
  },
  {
    files: ["apps/web/src/**/*.tsx"],
    ...reactHooks.configs.flat.recommended,
  },
  {
    // Env is parsed once, in core's config; everything else receives it.
    files: ["packages/core/src/**/*.ts", "apps/server/src/**/*.ts"],
    ignores: ["packages/core/src/config.ts", "**/*.test.ts"],
    rules: { "no-restricted-properties": ["error", { object: "process", property: "env", message: "read config from loadConfig()" }] },
  },
);
