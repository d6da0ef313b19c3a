import type { TDb } from "../db/client.ts";
import type { TDataFormat, TDataMetadata } from "../schemas/data.ts";

type TArtifactRow = Awaited<ReturnType<TDb["dataArtifact"]["findFirstOrThrow"]>>;

/** A stored file as the API returns it: `sizeBytes` as a plain number so it survives JSON. */
export type TDataArtifact = Omit<TArtifactRow, "sizeBytes" | "metadata" | "format"> & {
  sizeBytes: number;
  format: TDataFormat;
  metadata: TDataMetadata;
};

export const toArtifact = (row: TArtifactRow): TDataArtifact => ({
  ...row,
  sizeBytes: Number(row.sizeBytes),
  format: row.format as TDataFormat,
  metadata: row.metadata as TDataMetadata,
});
