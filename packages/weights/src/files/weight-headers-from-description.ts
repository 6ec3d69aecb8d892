import { GGML_TYPES, type GgmlTypeName, ggmlTensorBytes } from '../ggml-types.js';
import { parseConfigJson } from './config-json.js';
import { GGUF_LIMITS, type GgufHeader, type GgufTensorInfo, type GgufValue } from './gguf-header.js';
import type { HeaderDescription, MetadataValueDescription, TensorDescription } from './header-description.js';
import type { WeightHeaders } from './inspect.js';
import { SAFETENSORS_DTYPE_BYTES, type SafetensorsTensor } from './safetensors-header.js';
import { WeightFileError } from './weight-file-error.js';

function decodeValue(value: MetadataValueDescription): GgufValue {
  if (Array.isArray(value)) return value.map((item) => decodeValue(item));
  if (typeof value === 'object' && 'bigint' in value) return BigInt(value.bigint);
  if (typeof value === 'object' && 'nonFinite' in value) return Number(value.nonFinite);
  return value;
}

/** Elements of a shape, refusing an overflow the way the readers do. */
function elementsOf(file: string, tensor: TensorDescription): number {
  let elements = 1;
  for (const extent of tensor.shape) {
    elements *= extent;
    if (!Number.isSafeInteger(elements))
      throw new WeightFileError(file, `tensor ${tensor.name} has ${tensor.shape.join(' x ')} elements, which overflows`);
  }
  return elements;
}

/**
 * Each tensor must fit in its file. The readers check each tensor's byte range against the file; ranges are
 * not sent, so this is the part of that check a description allows (never stricter: a file the reader
 * accepts is never refused here; the differential fuzz test holds the two to it).
 */
function assertFits(file: string, fileBytes: number, tensors: ReadonlyArray<{ name: string; bytes: number }>): void {
  for (const t of tensors)
    if (t.bytes > fileBytes)
      throw new WeightFileError(file, `tensor ${t.name} (${t.bytes} bytes) is larger than the ${fileBytes}-byte file`);
}

/**
 * The headers a header description stands for, ready for `describeWeights`: every tensor's elements and
 * bytes computed here from its type and shape (never taken from the sender), each type and shape checked
 * as the readers check them, and a config.json's text parsed as a file's would be.
 */
export function weightHeadersFromDescription(description: HeaderDescription): WeightHeaders {
  if (description.format === 'gguf') {
    const headers: GgufHeader[] = description.files.map((file) => {
      const tensors: GgufTensorInfo[] = file.tensors.map((t) => {
        if (!Object.hasOwn(GGML_TYPES, t.type)) throw new WeightFileError(file.name, `tensor ${t.name} has unknown GGML type ${t.type}`);
        if (t.shape.length < 1 || t.shape.length > GGUF_LIMITS.maxDimensions)
          throw new WeightFileError(file.name, `tensor ${t.name} has ${t.shape.length} dimensions (1 to 4 allowed)`);
        const type = t.type as GgmlTypeName;
        const elements = elementsOf(file.name, t);
        return { name: t.name, shape: t.shape, elements, type, offset: 0, bytes: ggmlTensorBytes(type, elements) };
      });
      assertFits(file.name, file.bytes, tensors);
      const metadata = new Map<string, GgufValue>(Object.entries(file.metadata).map(([key, value]) => [key, decodeValue(value)]));
      return {
        file: file.name,
        version: file.version,
        fileSize: file.bytes,
        metadata,
        tensors,
        dataOffset: 0,
        headerBytes: file.headerBytes,
      };
    });
    return { format: 'gguf', root: description.name, headers };
  }
  const config = parseConfigJson(description.configJson, description.configName);
  if (description.format === 'config') return { format: 'config', root: description.name, configFile: description.configName, config };
  const headers = description.files.map((file) => {
    const tensors: SafetensorsTensor[] = file.tensors.map((t) => {
      const dtypeBytes = Object.hasOwn(SAFETENSORS_DTYPE_BYTES, t.type) ? SAFETENSORS_DTYPE_BYTES[t.type] : undefined;
      if (dtypeBytes === undefined) throw new WeightFileError(file.name, `tensor ${t.name} has unknown dtype ${JSON.stringify(t.type)}`);
      const elements = elementsOf(file.name, t);
      return { name: t.name, dtype: t.type, shape: t.shape, elements, bytes: Math.ceil(elements * dtypeBytes) };
    });
    assertFits(file.name, file.bytes, tensors);
    return { file: file.name, fileSize: file.bytes, headerBytes: file.headerBytes, metadata: {}, tensors };
  });
  return { format: 'safetensors', root: description.name, configFile: description.configName, config, headers };
}
