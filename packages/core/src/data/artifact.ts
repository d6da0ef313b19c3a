import type { TDb } from "../db/client.ts";
import type { Prisma } from "../db/generated/sqlite/client.ts";
import { parseStored } from "../db/stored-json.ts";
import { ZDataFormatSchema, ZDataMetadataSchema, type TDataFormat, type TDataMetadata } from "../schemas/data.ts";

export type TArtifactRow = Awaited<ReturnType<TDb["dataArtifact"]["findFirstOrThrow"]>>;

/**
 * A stored file as the API returns it: `sizeBytes` as a plain number so it survives JSON, and
 * metadata without the cached full profile, which can be large (`data.profile` serves it).
 */
export type TDataArtifact = Omit<TArtifactRow, "sizeBytes" | "metadata" | "format"> & {
  sizeBytes: number;
  format: TDataFormat;
  metadata: Omit<TDataMetadata, "fullProfile">;
};

export const metadataJson = (metadata: TDataMetadata) => metadata as Prisma.InputJsonValue;

/** The artifact's `metadata`, parsed; every field is optional, so `{}` and results stored before `profileStatus` existed read as they are. */
export const storedMetadata = (row: Pick<TArtifactRow, "id" | "metadata">): TDataMetadata =>
  parseStored(ZDataMetadataSchema, row.metadata ?? {}, `data ${row.id}`, "metadata");

export const storedFormat = (row: Pick<TArtifactRow, "id" | "format">): TDataFormat =>
  parseStored(ZDataFormatSchema, row.format, `data ${row.id}`, "format");

export const toArtifact = (row: TArtifactRow): TDataArtifact => {
  const { fullProfile: _cached, ...metadata } = storedMetadata(row);
  return { ...row, sizeBytes: Number(row.sizeBytes), format: storedFormat(row), metadata };
};
