export type { AppRouter, RouterInputs, RouterOutputs } from "./app-router.ts";
export { createAwClient, type TAwClient, type TAwClientOptions } from "./client.ts";
export type { TDownloaded } from "./download.ts";
export { AwRestError } from "./rest-error.ts";
export type { TUploaded, TUploadOptions } from "./upload.ts";
