// The AW engine's public surface (the `aw` port): loading, profiling, sampling, export.
export { loadTable } from "./loading/load-table.ts";
export { LoadError } from "./loading/types.ts";
export type { TLoadResult, TLoadParams, TLoadTableInput, TLoadingOptions, TColumnInfo, TReadFormat } from "./loading/types.ts";
export { profileTable, quickProfile } from "./profiling/profile-table.ts";
export { profileFile } from "./profiling/profile-file.ts";
export type { TFileProfile, TProfileFileInput } from "./profiling/profile-file.ts";
export type { TProfile, TColumnProfile, TColumnKind, TQuickProfile, TProfileOptions } from "./profiling/types.ts";
export { sampleTable, sampleFile, jsonRows, tableColumns } from "./sample.ts";
export type { TSample, TJsonRow, TSampleFileInput } from "./sample.ts";
export { exportTable, EXPORT_CONTENT_TYPES, EXPORT_EXTENSIONS } from "./export.ts";
export type { TExportFormat, TExportResult } from "./export.ts";
export { Workspace, withWorkspace, ident, literal } from "./workspace.ts";
export type { TWorkspaceOptions } from "./workspace.ts";
