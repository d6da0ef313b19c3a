import fs from "node:fs/promises";
import { DuckDBDateValue, DuckDBTimestampTZValue, DuckDBTimestampValue, type DuckDBAppender } from "@duckdb/node-api";
import { type DataType, RecordBatchReader, TimeUnit, Type, type Field, type Vector } from "apache-arrow";
import { ident, type Workspace } from "../workspace.ts";
import { ReadIssue } from "./read-table.ts";

const MS_PER_DAY = 86_400_000;
/** Microseconds per unit of an Arrow timestamp, as a divisor for nanoseconds. */
const MICROS_PER_UNIT: Record<TimeUnit, { times: bigint; per: bigint }> = {
  [TimeUnit.SECOND]: { times: 1_000_000n, per: 1n },
  [TimeUnit.MILLISECOND]: { times: 1_000n, per: 1n },
  [TimeUnit.MICROSECOND]: { times: 1n, per: 1n },
  [TimeUnit.NANOSECOND]: { times: 1n, per: 1_000n },
};

/** How one Arrow column becomes a DuckDB column: its SQL type and how a non-null value is appended. */
type TColumnWriter = { sqlType: string; append: (appender: DuckDBAppender, vector: Vector, row: number) => void; asText?: boolean };

const bigintJson = (_key: string, value: unknown) => (typeof value === "bigint" ? value.toString() : value);

/** The raw int64 of a timestamp, in its own unit: `get()` would round it to milliseconds. */
function rawInt64(vector: Vector, row: number): bigint {
  const data = vector.data[0];
  if (!data) throw new ReadIssue("an Arrow batch holds a column without data");
  return (data.values as BigInt64Array)[data.offset + row] as bigint;
}

const INTEGERS: Record<
  number,
  { sqlType: string; signed: (a: DuckDBAppender, n: number) => void; unsigned: (a: DuckDBAppender, n: number) => void }
> = {
  8: { sqlType: "TINYINT", signed: (a, n) => a.appendTinyInt(n), unsigned: (a, n) => a.appendUTinyInt(n) },
  16: { sqlType: "SMALLINT", signed: (a, n) => a.appendSmallInt(n), unsigned: (a, n) => a.appendUSmallInt(n) },
  32: { sqlType: "INTEGER", signed: (a, n) => a.appendInteger(n), unsigned: (a, n) => a.appendUInteger(n) },
};

function integerWriter(type: DataType): TColumnWriter {
  const { bitWidth, isSigned } = type as DataType & { bitWidth: number; isSigned: boolean };
  if (bitWidth === 64) {
    return isSigned
      ? { sqlType: "BIGINT", append: (a, v, r) => a.appendBigInt(v.get(r) as bigint) }
      : { sqlType: "UBIGINT", append: (a, v, r) => a.appendUBigInt(v.get(r) as bigint) };
  }
  const int = INTEGERS[bitWidth];
  if (!int) throw new ReadIssue(`unsupported Arrow integer width ${bitWidth}`);
  const append = isSigned ? int.signed : int.unsigned;
  return { sqlType: `${isSigned ? "" : "U"}${int.sqlType}`, append: (a, v, r) => append(a, Number(v.get(r))) };
}

function timestampWriter(type: DataType): TColumnWriter {
  const { unit, timezone } = type as DataType & { unit: TimeUnit; timezone?: string | null };
  const scale = MICROS_PER_UNIT[unit];
  const micros = (v: Vector, r: number) => (rawInt64(v, r) * scale.times) / scale.per;
  return timezone
    ? { sqlType: "TIMESTAMPTZ", append: (a, v, r) => a.appendTimestampTZ(new DuckDBTimestampTZValue(micros(v, r))) }
    : { sqlType: "TIMESTAMP", append: (a, v, r) => a.appendTimestamp(new DuckDBTimestampValue(micros(v, r))) };
}

/** Nested values (lists, structs, maps) have no flat column: they are kept as JSON text. */
const jsonTextWriter: TColumnWriter = {
  sqlType: "VARCHAR",
  asText: true,
  append: (a, v, r) => a.appendVarchar(JSON.stringify(v.get(r), bigintJson)),
};

function writerFor(field: Field): TColumnWriter {
  const type = field.type as DataType;
  switch (type.typeId) {
    case Type.Bool:
      return { sqlType: "BOOLEAN", append: (a, v, r) => a.appendBoolean(Boolean(v.get(r))) };
    case Type.Int:
      return integerWriter(type);
    case Type.Float:
      return { sqlType: "DOUBLE", append: (a, v, r) => a.appendDouble(Number(v.get(r))) };
    case Type.Utf8:
    case Type.LargeUtf8:
    case Type.Utf8View:
      return { sqlType: "VARCHAR", append: (a, v, r) => a.appendVarchar(String(v.get(r))) };
    case Type.Binary:
    case Type.LargeBinary:
    case Type.BinaryView:
    case Type.FixedSizeBinary:
      return { sqlType: "BLOB", append: (a, v, r) => a.appendBlob(v.get(r) as Uint8Array) };
    case Type.Date:
      return { sqlType: "DATE", append: (a, v, r) => a.appendDate(new DuckDBDateValue(Math.floor(Number(v.get(r)) / MS_PER_DAY))) };
    case Type.Timestamp:
      return timestampWriter(type);
    case Type.Dictionary: {
      // Categories (pandas' category dtype) read as their values.
      const values = writerFor({ ...field, type: (type as DataType & { dictionary: DataType }).dictionary } as Field);
      return values.asText ? jsonTextWriter : values;
    }
    case Type.List:
    case Type.LargeList:
    case Type.FixedSizeList:
    case Type.Struct:
    case Type.Map:
      return jsonTextWriter;
    default:
      // Every concrete Arrow type defines toString() (e.g. "Union<…>"); only the abstract base's typing lacks it.
      // eslint-disable-next-line @typescript-eslint/no-base-to-string
      throw new ReadIssue(`column "${field.name}" has Arrow type ${String(type)}, which the Arrow reader does not support`);
  }
}

/** apache-arrow's message for compressed buffers, said in terms of what the user can do. */
function explain(error: unknown): unknown {
  const message = error instanceof Error ? error.message : String(error);
  if (/compress|codec/i.test(message))
    return new ReadIssue(
      `the Arrow file's buffers are compressed (LZ4/ZSTD), which this reader cannot decode; save it uncompressed (pyarrow: compression="uncompressed")`,
    );
  return error;
}

/**
 * Reads an Arrow IPC file or stream (Feather v2) batch by batch into `table`, keeping its types:
 * integers, doubles, text, booleans, dates and timestamps (at full precision). Nested columns
 * arrive as JSON text, with a warning naming them.
 */
export async function readArrow(ws: Workspace, table: string, file: string): Promise<string[]> {
  const handle = await fs.open(file);
  try {
    const reader = await RecordBatchReader.from(handle);
    await reader.open();
    const fields = reader.schema.fields;
    if (!fields.length) throw new ReadIssue("the Arrow file has no columns");
    const writers = fields.map(writerFor);
    await ws.run(`CREATE OR REPLACE TABLE ${ident(table)} (${fields.map((f, i) => `${ident(f.name)} ${writers[i]?.sqlType}`).join(", ")})`);
    const appender = await ws.connection.createAppender(table);
    try {
      for await (const batch of reader) {
        const vectors = fields.map((_, i) => batch.getChildAt(i) as Vector);
        for (let row = 0; row < batch.numRows; row++) {
          for (const [i, vector] of vectors.entries()) {
            if (vector.isValid(row)) (writers[i] as TColumnWriter).append(appender, vector, row);
            else appender.appendNull();
          }
          appender.endRow();
        }
      }
      appender.flushSync();
    } finally {
      appender.closeSync();
    }
    const nested = fields.filter((_, i) => writers[i]?.asText).map((f) => `"${f.name}" (${String(f.type)})`);
    return nested.length ? [`nested Arrow columns read as JSON text: ${nested.join(", ")}`] : [];
  } catch (error) {
    throw explain(error);
  } finally {
    await handle.close();
  }
}
