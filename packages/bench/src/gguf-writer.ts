import { closeSync, ftruncateSync, openSync, writeSync } from 'node:fs';
import { GGML_TYPES, type GgmlTypeName, ggmlTensorBytes } from '@weightplan/weights';

/** GGUF's value types (gguf.h, `enum gguf_type`). */
const VALUE_TYPE = { u32: 4, i32: 5, f32: 6, bool: 7, string: 8, array: 9, u64: 10 } as const;

/** One metadata value: typed explicitly, because GGUF distinguishes u32 from f32 where JavaScript does not. */
export type GgufValue =
  | { type: 'u32'; value: number }
  | { type: 'i32'; value: number }
  | { type: 'f32'; value: number }
  | { type: 'bool'; value: boolean }
  | { type: 'string'; value: string }
  | { type: 'string[]'; value: readonly string[] };

export interface GgufTensorInfo {
  name: string;
  /** Dimensions innermost first (ggml's ne[0], ne[1], ...). */
  shape: readonly number[];
  type: GgmlTypeName;
}

/** Tensor data starts at, and each tensor is padded to, this many bytes (llama.cpp's GGUF_DEFAULT_ALIGNMENT). */
export const GGUF_ALIGNMENT = 32;

/** Accumulates little-endian bytes in growing chunks. */
class ByteSink {
  private chunks: Buffer[] = [];
  private current = Buffer.alloc(1 << 16);
  private used = 0;
  length = 0;

  private room(bytes: number): void {
    if (this.used + bytes <= this.current.length) return;
    this.chunks.push(this.current.subarray(0, this.used));
    this.current = Buffer.alloc(Math.max(1 << 16, bytes));
    this.used = 0;
  }
  u32(value: number): void {
    this.room(4);
    this.current.writeUInt32LE(value, this.used);
    this.used += 4;
    this.length += 4;
  }
  i32(value: number): void {
    this.room(4);
    this.current.writeInt32LE(value, this.used);
    this.used += 4;
    this.length += 4;
  }
  f32(value: number): void {
    this.room(4);
    this.current.writeFloatLE(value, this.used);
    this.used += 4;
    this.length += 4;
  }
  u64(value: number): void {
    this.room(8);
    this.current.writeBigUInt64LE(BigInt(value), this.used);
    this.used += 8;
    this.length += 8;
  }
  u8(value: number): void {
    this.room(1);
    this.current.writeUInt8(value, this.used);
    this.used += 1;
    this.length += 1;
  }
  string(value: string): void {
    const bytes = Buffer.from(value, 'utf8');
    this.u64(bytes.length);
    this.room(bytes.length);
    bytes.copy(this.current, this.used);
    this.used += bytes.length;
    this.length += bytes.length;
  }
  zeros(count: number): void {
    for (let i = 0; i < count; i++) this.u8(0);
  }
  toBuffer(): Buffer {
    return Buffer.concat([...this.chunks, this.current.subarray(0, this.used)]);
  }
}

function writeValue(sink: ByteSink, value: GgufValue): void {
  switch (value.type) {
    case 'u32':
      sink.u32(VALUE_TYPE.u32);
      sink.u32(value.value);
      return;
    case 'i32':
      sink.u32(VALUE_TYPE.i32);
      sink.i32(value.value);
      return;
    case 'f32':
      sink.u32(VALUE_TYPE.f32);
      sink.f32(value.value);
      return;
    case 'bool':
      sink.u32(VALUE_TYPE.bool);
      sink.u8(value.value ? 1 : 0);
      return;
    case 'string':
      sink.u32(VALUE_TYPE.string);
      sink.string(value.value);
      return;
    case 'string[]':
      sink.u32(VALUE_TYPE.array);
      sink.u32(VALUE_TYPE.string);
      sink.u64(value.value.length);
      for (const item of value.value) sink.string(item);
      return;
  }
}

const align = (offset: number) => Math.ceil(offset / GGUF_ALIGNMENT) * GGUF_ALIGNMENT;

export interface GgufLayout {
  /** The header: magic, version, metadata and tensor infos, padded to the alignment. */
  header: Buffer;
  /** Sum of the tensors' own bytes (what the estimator counts as weights), without alignment padding. */
  tensorBytes: number;
  /** The whole file: header, then each tensor padded to the alignment. */
  fileBytes: number;
}

/**
 * Lays out a GGUF version 3 file (https://github.com/ggml-org/ggml/blob/master/docs/gguf.md): the header
 * with metadata and tensor infos, and the offset of each tensor's data. Sizes come from GGML's block sizes,
 * the same function the estimator's weights use.
 */
export function layOutGguf(metadata: ReadonlyMap<string, GgufValue>, tensors: readonly GgufTensorInfo[]): GgufLayout {
  const sink = new ByteSink();
  sink.u32(0x46554747); // "GGUF"
  sink.u32(3);
  sink.u64(tensors.length);
  sink.u64(metadata.size);
  for (const [key, value] of metadata) {
    sink.string(key);
    writeValue(sink, value);
  }
  let offset = 0;
  let tensorBytes = 0;
  for (const tensor of tensors) {
    const elements = tensor.shape.reduce((a, b) => a * b, 1);
    if (tensor.shape[0] !== undefined && tensor.shape[0] % GGML_TYPES[tensor.type].blockElements !== 0) {
      throw new RangeError(`${tensor.name}: rows of ${tensor.shape[0]} are not whole ${tensor.type} blocks`);
    }
    sink.string(tensor.name);
    sink.u32(tensor.shape.length);
    for (const dimension of tensor.shape) sink.u64(dimension);
    sink.u32(GGML_TYPES[tensor.type].typeId);
    sink.u64(offset);
    const bytes = ggmlTensorBytes(tensor.type, elements);
    tensorBytes += bytes;
    offset = align(offset + bytes);
  }
  sink.zeros(align(sink.length) - sink.length);
  const header = sink.toBuffer();
  return { header, tensorBytes, fileBytes: header.length + offset };
}

/**
 * Writes the file: the header, then all-zero tensor data. The data is made by extending the file
 * (ftruncate), so file systems that support holes store none of it and the write takes milliseconds;
 * llama.cpp reads zeros either way, and its speed does not depend on the weights' values.
 */
export function writeGguf(path: string, layout: GgufLayout): void {
  const fd = openSync(path, 'wx', 0o600);
  try {
    let written = 0;
    while (written < layout.header.length) written += writeSync(fd, layout.header, written);
    ftruncateSync(fd, layout.fileBytes);
  } finally {
    closeSync(fd);
  }
}
