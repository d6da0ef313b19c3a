// The server's router type, the one thing this package takes from the server. The build bundles
// its declarations into dist/index.d.ts, so a consumer never resolves the server's sources.
export type { AppRouter, RouterInputs, RouterOutputs } from "@aw/server";
