// Browser-safe zod contract shared by core, server and web. Never import Node modules here.
export * from "./cosmo.ts";
export * from "./data.ts";
export * from "./ids.ts";
export * from "./row-view.ts";
export * from "./jobs.ts";
export * from "./ledger.ts";
export * from "./operations.ts";
export * from "./pagination.ts";
export * from "./validation.ts";
export * from "./workflow.ts";
export * from "./api-answers.ts";
export * from "./actor.ts";
export * from "./audit.ts";
