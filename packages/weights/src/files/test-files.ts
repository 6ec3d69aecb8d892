// Test support: writes small real GGUF and safetensors files. Tensor data regions are sparse (the file is
// extended with truncate), so a "7 GB" model costs no disk and no time.
import { open } from 'node:fs/promises';
import { GGML_TYPES, type GgmlTypeName, ggmlTensorBytes } from '../ggml-types.js';

type MetaValue = string | number | boolean | { u64: number } | { f32: number } | { strings: string[] } | { u32s: number[] };

function ggufString(text: string): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(bytes.length));
  return Buffer.concat([length, bytes]);
}

function u32(value: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(value);
  return b;
}

function u64(value: number | bigint): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt(value));
  return b;
}

function metaValue(value: MetaValue): Buffer {
  if (typeof value === 'string') return Buffer.concat([u32(8), ggufString(value)]);
  if (typeof value === 'boolean') return Buffer.concat([u32(7), Buffer.from([value ? 1 : 0])]);
  if (typeof value === 'number') return Buffer.concat([u32(4), u32(value)]);
  if ('u64' in value) return Buffer.concat([u32(10), u64(value.u64)]);
  if ('f32' in value) {
    const b = Buffer.alloc(4);
    b.writeFloatLE(value.f32);
    return Buffer.concat([u32(6), b]);
  }
  if ('strings' in value) return Buffer.concat([u32(9), u32(8), u64(value.strings.length), ...value.strings.map(ggufString)]);
  return Buffer.concat([u32(9), u32(4), u64(value.u32s.length), ...value.u32s.map(u32)]);
}

export interface TestTensor {
  name: string;
  shape: number[];
  type: GgmlTypeName;
}

/** The GGUF header bytes for `metadata` and `tensors` (offsets laid out back to back, 32-byte aligned). */
export function ggufHeaderBytes(
  metadata: Record<string, MetaValue>,
  tensors: TestTensor[],
  version = 3,
): { header: Buffer; dataBytes: number } {
  const parts: Buffer[] = [Buffer.from('GGUF', 'latin1'), u32(version), u64(tensors.length), u64(Object.keys(metadata).length)];
  for (const [key, value] of Object.entries(metadata)) parts.push(ggufString(key), metaValue(value));
  let offset = 0;
  for (const t of tensors) {
    parts.push(ggufString(t.name), u32(t.shape.length), ...t.shape.map((d) => u64(d)), u32(GGML_TYPES[t.type].typeId), u64(offset));
    const bytes = ggmlTensorBytes(
      t.type,
      t.shape.reduce((p, d) => p * d, 1),
    );
    offset += Math.ceil(bytes / 32) * 32;
  }
  return { header: Buffer.concat(parts), dataBytes: offset };
}

/** Writes a GGUF whose data section is a sparse hole of the right size. */
export async function writeGguf(path: string, metadata: Record<string, MetaValue>, tensors: TestTensor[]): Promise<void> {
  const { header, dataBytes } = ggufHeaderBytes(metadata, tensors);
  const handle = await open(path, 'w');
  await handle.write(header, 0, header.length, 0);
  await handle.truncate(Math.ceil(header.length / 32) * 32 + dataBytes);
  await handle.close();
}

const DTYPE_BYTES: Record<string, number> = { F32: 4, F16: 2, BF16: 2, I32: 4, U8: 1, F8_E4M3: 1, I8: 1 };

/** Writes a safetensors file (header and a sparse data section) for tensors of the given dtypes and shapes. */
export async function writeSafetensors(
  path: string,
  tensors: Array<{ name: string; dtype: string; shape: number[] }>,
  metadata: Record<string, string> = {},
): Promise<void> {
  const header: Record<string, unknown> = { __metadata__: metadata };
  let offset = 0;
  for (const t of tensors) {
    const bytes = t.shape.reduce((p, d) => p * d, 1) * (DTYPE_BYTES[t.dtype] ?? 1);
    header[t.name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const handle = await open(path, 'w');
  await handle.write(u64(json.length), 0, 8, 0);
  await handle.write(json, 0, json.length, 8);
  await handle.truncate(8 + json.length + offset);
  await handle.close();
}
