// Types for prisma-generate.mjs, which stays plain JavaScript because it runs at postinstall.
export type TProvider = "sqlite" | "postgresql";
export const PROVIDERS: TProvider[];
export const MODELS_PATH: string;
export function renderSchema(provider: TProvider, models?: string): string;
