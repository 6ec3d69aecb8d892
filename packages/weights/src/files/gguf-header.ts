import { type GgmlTypeName, ggmlTensorBytes, ggmlTypeById } from '../ggml-types.js';
import type { ByteSource } from './byte-source.js';
import { HeaderReader } from './header-reader.js';
import { WeightFileError } from './weight-file-error.js';

/** Value types of GGUF metadata (gguf.h `gguf_type`). */
enum ValueType {
  U8 = 0,
  I8 = 1,
  U16 = 2,
  I16 = 3,
  U32 = 4,
  I32 = 5,
  F32 = 6,
  BOOL = 7,
  STRING = 8,
  ARRAY = 9,
  U64 = 10,
  I64 = 11,
  F64 = 12,
}

const FIXED_SIZE: Record<number, number> = { 0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8 };

/** Limits far above any real model, far below what would exhaust memory. */
export const GGUF_LIMITS = {
  /** The header (metadata and tensor infos) of a real GGUF is a few MB; tokenizers make it tens at most. */
  maxHeaderBytes: 256 * 1024 * 1024,
  maxMetadataEntries: 100_000,
  maxTensors: 1_000_000,
  maxStringBytes: 64 * 1024 * 1024,
  maxArrayItems: 50_000_000,
  /** GGML tensors have at most 4 dimensions. */
  maxDimensions: 4,
} as const;

/** Arrays longer than this are summarised by their length (tokenizer vocabularies). */
const ARRAY_KEEP_LIMIT = 64;

export type GgufValue = string | number | bigint | boolean | GgufValue[] | { arrayLength: number; itemType: number };

export interface GgufTensorInfo {
  name: string;
  /** Dimensions innermost first, as stored. */
  shape: number[];
  elements: number;
  type: GgmlTypeName;
  /** Offset from the start of the data section. */
  offset: number;
  bytes: number;
}

export interface GgufHeader {
  file: string;
  version: number;
  fileSize: number;
  metadata: Map<string, GgufValue>;
  tensors: GgufTensorInfo[];
  /** Where tensor data starts (after the header, aligned). */
  dataOffset: number;
  /** Bytes the header takes, for the inspect timing report. */
  headerBytes: number;
}

async function readString(reader: HeaderReader, what: string): Promise<string> {
  const length = await reader.u64(`length of ${what}`);
  if (length > GGUF_LIMITS.maxStringBytes)
    throw new WeightFileError(reader.file, `${what} claims ${length} bytes (at most ${GGUF_LIMITS.maxStringBytes})`);
  return reader.utf8(length, what);
}

async function readScalar(reader: HeaderReader, type: number, what: string): Promise<GgufValue> {
  switch (type) {
    case ValueType.U8:
      return reader.u8(what);
    case ValueType.I8:
      return reader.i8(what);
    case ValueType.U16:
      return reader.u16(what);
    case ValueType.I16:
      return reader.i16(what);
    case ValueType.U32:
      return reader.u32(what);
    case ValueType.I32:
      return reader.i32(what);
    case ValueType.F32:
      return reader.f32(what);
    case ValueType.BOOL:
      return (await reader.u8(what)) !== 0;
    case ValueType.STRING:
      return readString(reader, what);
    case ValueType.U64: {
      const value = await reader.bigU64(what);
      return value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
    }
    case ValueType.I64: {
      const value = await reader.bigI64(what);
      return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(value) : value;
    }
    case ValueType.F64:
      return reader.f64(what);
    default:
      throw new WeightFileError(reader.file, `${what} has unknown value type ${type}`);
  }
}

async function readValue(reader: HeaderReader, type: number, what: string, depth = 0): Promise<GgufValue> {
  if (type !== ValueType.ARRAY) return readScalar(reader, type, what);
  if (depth > 2) throw new WeightFileError(reader.file, `${what} nests arrays more than 3 deep`);
  const itemType = await reader.u32(`item type of ${what}`);
  const count = await reader.u64(`length of ${what}`);
  if (count > GGUF_LIMITS.maxArrayItems)
    throw new WeightFileError(reader.file, `${what} claims ${count} items (at most ${GGUF_LIMITS.maxArrayItems})`);
  const fixed = FIXED_SIZE[itemType];
  if (count > ARRAY_KEEP_LIMIT) {
    // Large arrays (token lists, scores, merges) are skipped, keeping their length.
    if (fixed !== undefined) {
      await reader.skip(count * fixed, what);
    } else if (itemType === ValueType.STRING) {
      await reader.skipStrings(count, GGUF_LIMITS.maxStringBytes, what);
    } else if (itemType === ValueType.ARRAY) {
      for (let i = 0; i < count; i++) await readValue(reader, ValueType.ARRAY, `${what}[${i}]`, depth + 1);
    } else {
      throw new WeightFileError(reader.file, `${what} has unknown item type ${itemType}`);
    }
    return { arrayLength: count, itemType };
  }
  const items: GgufValue[] = [];
  for (let i = 0; i < count; i++) items.push(await readValue(reader, itemType, `${what}[${i}]`, depth + 1));
  return items;
}

/**
 * Parses a GGUF file's header from any `ByteSource`: metadata and tensor infos, never the tensor data.
 * Validates everything a hostile or damaged file could get wrong (magic, version, counts, string lengths,
 * UTF-8, dimensions, overflowing element counts, unknown tensor types, offsets beyond the file) and reports it
 * as a `WeightFileError` naming the file. Imports nothing from Node: a browser parses a picked file with it,
 * and may bound the header tighter than `GGUF_LIMITS.maxHeaderBytes` with `maxHeaderBytes`.
 */
export async function parseGgufHeader(source: ByteSource, options: { maxHeaderBytes?: number } = {}): Promise<GgufHeader> {
  const file = source.name;
  const size = source.size;
  const reader = new HeaderReader(source, Math.min(options.maxHeaderBytes ?? GGUF_LIMITS.maxHeaderBytes, GGUF_LIMITS.maxHeaderBytes));
  const magic = String.fromCharCode(...(await reader.bytes(4, 'magic')));
  if (magic !== 'GGUF') throw new WeightFileError(file, `not a GGUF file (magic ${JSON.stringify(magic)}, expected "GGUF")`);
  const version = await reader.u32('version');
  if (version < 2 || version > 3) throw new WeightFileError(file, `GGUF version ${version} is not supported (2 and 3 are)`);
  const tensorCount = await reader.u64('tensor count');
  if (tensorCount > GGUF_LIMITS.maxTensors)
    throw new WeightFileError(file, `claims ${tensorCount} tensors (at most ${GGUF_LIMITS.maxTensors})`);
  const metadataCount = await reader.u64('metadata count');
  if (metadataCount > GGUF_LIMITS.maxMetadataEntries)
    throw new WeightFileError(file, `claims ${metadataCount} metadata entries (at most ${GGUF_LIMITS.maxMetadataEntries})`);

  const metadata = new Map<string, GgufValue>();
  for (let i = 0; i < metadataCount; i++) {
    const key = await readString(reader, `metadata key ${i}`);
    const type = await reader.u32(`type of ${key}`);
    metadata.set(key, await readValue(reader, type, key));
  }

  const tensors: GgufTensorInfo[] = [];
  for (let i = 0; i < tensorCount; i++) {
    const name = await readString(reader, `name of tensor ${i}`);
    const dimensions = await reader.u32(`dimension count of ${name}`);
    if (dimensions < 1 || dimensions > GGUF_LIMITS.maxDimensions)
      throw new WeightFileError(file, `tensor ${name} has ${dimensions} dimensions (1 to 4 allowed)`);
    const shape: number[] = [];
    let elements = 1;
    for (let d = 0; d < dimensions; d++) {
      const extent = await reader.u64(`dimension ${d} of ${name}`);
      shape.push(extent);
      elements *= extent;
      if (!Number.isSafeInteger(elements))
        throw new WeightFileError(file, `tensor ${name} has ${shape.join(' x ')}... elements, which overflows`);
    }
    const typeId = await reader.u32(`type of ${name}`);
    const type = ggmlTypeById(typeId);
    if (!type) throw new WeightFileError(file, `tensor ${name} has unknown GGML type ${typeId}`);
    const offset = await reader.u64(`offset of ${name}`);
    tensors.push({ name, shape, elements, type, offset, bytes: ggmlTensorBytes(type, elements) });
  }

  const alignmentValue = metadata.get('general.alignment');
  const alignment = typeof alignmentValue === 'number' && alignmentValue > 0 && Number.isInteger(alignmentValue) ? alignmentValue : 32;
  const headerBytes = reader.offset;
  const dataOffset = Math.ceil(headerBytes / alignment) * alignment;
  for (const tensor of tensors) {
    if (dataOffset + tensor.offset + tensor.bytes > size) {
      throw new WeightFileError(
        file,
        `tensor ${tensor.name} (${tensor.bytes} bytes at ${tensor.offset}) runs past the end of the file (${size} bytes)`,
      );
    }
  }
  return { file, version, fileSize: size, metadata, tensors, dataOffset, headerBytes };
}
