import type { ByteSource } from './byte-source.js';
import { WeightFileError } from './weight-file-error.js';

/** Bytes per element of each safetensors dtype (F4 packs two values per byte). */
export const SAFETENSORS_DTYPE_BYTES: Record<string, number> = {
  F64: 8,
  F32: 4,
  F16: 2,
  BF16: 2,
  I64: 8,
  I32: 4,
  I16: 2,
  I8: 1,
  U64: 8,
  U32: 4,
  U16: 2,
  U8: 1,
  BOOL: 1,
  F8_E4M3: 1,
  F8_E5M2: 1,
  F8_E8M0: 1,
  F4: 0.5,
};

/** The header of a real safetensors file is a few MB; 100 MB is far beyond any and still safe to parse. */
export const SAFETENSORS_MAX_HEADER_BYTES = 100 * 1024 * 1024;

export interface SafetensorsTensor {
  name: string;
  dtype: string;
  shape: number[];
  elements: number;
  bytes: number;
}

export interface SafetensorsHeader {
  file: string;
  fileSize: number;
  headerBytes: number;
  metadata: Record<string, string>;
  tensors: SafetensorsTensor[];
}

/** Headers above this size have their first and last bytes checked before the whole is read. */
const ENDS_CHECK_ABOVE_BYTES = 1024 * 1024;
const NOT_AN_OBJECT = 'header is not a JSON object (it must start with "{" and end with "}" before any space padding)';

/** "{" first and "}" last, before any space padding (the format pads the header with spaces to align the data). */
function hasJsonObjectEnds(bytes: Uint8Array): boolean {
  let last = bytes.length - 1;
  while (last > 0 && bytes[last] === 0x20) last--;
  return bytes[0] === 0x7b && bytes[last] === 0x7d && last > 0;
}

/**
 * Parses a safetensors file's header from any `ByteSource`: an 8-byte little-endian length, then that many
 * bytes of JSON naming each tensor's dtype, shape and byte range. Only the header is read. Rejects headers
 * longer than the file or than `maxHeaderBytes` (at most 100 MB), invalid JSON or UTF-8, unknown dtypes,
 * shapes that overflow, and byte ranges that do not match their dtype and shape or run past the file.
 * Imports nothing from Node: a browser parses a picked file with it.
 */
export async function parseSafetensorsHeader(source: ByteSource, options: { maxHeaderBytes?: number } = {}): Promise<SafetensorsHeader> {
  const maxHeaderBytes = Math.min(options.maxHeaderBytes ?? SAFETENSORS_MAX_HEADER_BYTES, SAFETENSORS_MAX_HEADER_BYTES);
  const file = source.name;
  const size = source.size;
  if (size < 8) throw new WeightFileError(file, `truncated: ${size} bytes, a safetensors file starts with an 8-byte header length`);
  const lengthBuffer = await source.read(0, 8);
  if (lengthBuffer.length < 8) throw new WeightFileError(file, 'truncated: could not read the 8-byte header length');
  const declared = new DataView(lengthBuffer.buffer, lengthBuffer.byteOffset, 8).getBigUint64(0, true);
  if (declared > BigInt(maxHeaderBytes))
    throw new WeightFileError(file, `header length ${declared} bytes exceeds the ${maxHeaderBytes}-byte limit`);
  const headerBytes = Number(declared);
  if (headerBytes < 2) throw new WeightFileError(file, `header length ${headerBytes} is too small for a JSON object`);
  if (8 + headerBytes > size) throw new WeightFileError(file, `header length ${headerBytes} runs past the end of the ${size}-byte file`);
  // The format fixes both ends: "{" first, "}" last before any space padding. For a large header, checking
  // them first refuses a hostile 100 MB length over zeros (a sparse file, or a range source) without reading
  // 100 MB; a small one is read whole at once (one range request on the Hub).
  if (headerBytes > ENDS_CHECK_ABOVE_BYTES) {
    const tailBytes = 4096;
    const head = await source.read(8, 1);
    const tail = await source.read(8 + headerBytes - tailBytes, tailBytes);
    const ends = new Uint8Array(head.length + tail.length);
    ends.set(head);
    ends.set(tail, head.length);
    if (!hasJsonObjectEnds(ends)) throw new WeightFileError(file, NOT_AN_OBJECT);
  }
  const raw = await source.read(8, headerBytes);
  if (!hasJsonObjectEnds(raw)) throw new WeightFileError(file, NOT_AN_OBJECT);
  if (raw.length < headerBytes) throw new WeightFileError(file, `truncated: could not read the ${headerBytes}-byte header`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    throw new WeightFileError(file, 'header is not valid UTF-8');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new WeightFileError(
      file,
      `header is not valid JSON (${error instanceof RangeError ? 'nested too deeply' : (error as Error).message.split('\n')[0]})`,
    );
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new WeightFileError(file, 'header is not a JSON object');
  const dataBytes = size - 8 - headerBytes;
  const metadata: Record<string, string> = {};
  const tensors: SafetensorsTensor[] = [];
  for (const [name, entry] of Object.entries(json as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (typeof entry === 'object' && entry !== null) {
        for (const [key, value] of Object.entries(entry)) if (typeof value === 'string') metadata[key] = value;
      }
      continue;
    }
    if (typeof entry !== 'object' || entry === null) throw new WeightFileError(file, `tensor ${name} is not an object`);
    const { dtype, shape, data_offsets: offsets } = entry as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    if (typeof dtype !== 'string' || !(dtype in SAFETENSORS_DTYPE_BYTES))
      throw new WeightFileError(file, `tensor ${name} has unknown dtype ${JSON.stringify(dtype)}`);
    if (!Array.isArray(shape) || shape.length > 8 || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
      throw new WeightFileError(file, `tensor ${name} has an invalid shape ${JSON.stringify(shape)?.slice(0, 80)}`);
    }
    const elements = (shape as number[]).reduce((product, d) => product * d, 1);
    if (!Number.isSafeInteger(elements)) throw new WeightFileError(file, `tensor ${name} shape ${JSON.stringify(shape)} overflows`);
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isSafeInteger(o) && o >= 0)) {
      throw new WeightFileError(file, `tensor ${name} has invalid data_offsets`);
    }
    const [begin, end] = offsets as [number, number];
    const expected = Math.ceil(elements * (SAFETENSORS_DTYPE_BYTES[dtype] ?? 1));
    if (end < begin || end - begin !== expected)
      throw new WeightFileError(file, `tensor ${name}: ${end - begin} bytes for ${elements} ${dtype} values (expected ${expected})`);
    if (end > dataBytes) throw new WeightFileError(file, `tensor ${name} runs past the end of the file`);
    tensors.push({ name, dtype, shape: shape as number[], elements, bytes: end - begin });
  }
  return { file, fileSize: size, headerBytes, metadata, tensors };
}
