import { createHash } from "node:crypto";
import { Transform, type TransformCallback } from "node:stream";
import { tooLarge, type DomainError } from "../errors.ts";
import { humanBytes } from "./human-bytes.ts";

const HEAD_BYTES = 4096;
/** Room for one large chunk each side (Node's default is 16 KiB), so a 1 MiB chunk does not stall the stream. */
const BUFFER_BYTES = 1024 ** 2;

/** The one message for an upload over the limit, whichever layer notices first. */
export const uploadTooLarge = (maxBytes: number) => tooLarge(`file is larger than the upload limit of ${humanBytes(maxBytes)}`);

/** Passes bytes through while hashing and counting them, keeping only the first few KiB for format detection. */
export class UploadMeter extends Transform {
  bytes = 0;
  /** Set when the stream was stopped for exceeding the limit. */
  limitError: DomainError | undefined;
  private readonly hash = createHash("sha256");
  private readonly headChunks: Buffer[] = [];
  private headLength = 0;

  constructor(private readonly maxBytes: number) {
    super({ highWaterMark: BUFFER_BYTES });
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.maxBytes) {
      this.limitError = uploadTooLarge(this.maxBytes);
      return callback(this.limitError);
    }
    this.hash.update(chunk);
    if (this.headLength < HEAD_BYTES) {
      this.headChunks.push(chunk.subarray(0, HEAD_BYTES - this.headLength));
      this.headLength += Math.min(chunk.length, HEAD_BYTES - this.headLength);
    }
    callback(null, chunk);
  }

  get head(): Buffer {
    return Buffer.concat(this.headChunks);
  }

  /** The hex sha256 of everything that passed; call once, after the stream ended. */
  digest(): string {
    return this.hash.digest("hex");
  }
}
