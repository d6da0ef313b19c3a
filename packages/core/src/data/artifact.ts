import type { TDb } from "../db/client.ts";
import type { Prisma } from "../db/generated/sqlite/client.ts";
import type { TDataFormat, TDataMetadata } from "../schemas/data.ts";

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

export const storedMetadata = (row: Pick<TArtifactRow, "metadata">) => (row.metadata ?? {}) as TDataMetadata;

export const toArtifact = (row: TArtifactRow): TDataArtifact => {
  const { fullProfile: _cached, ...metadata } = storedMetadata(row);
  return { ...row, sizeBytes: Number(row.sizeBytes), format: row.format as TDataFormat, metadata };
};
