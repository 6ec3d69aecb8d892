import type { ByteSource } from './byte-source.js';
import { withByteSource } from './file-source.js';
import { type GgufHeader, parseGgufHeader } from './gguf-header.js';

export { GGUF_LIMITS, type GgufHeader, type GgufTensorInfo, type GgufValue } from './gguf-header.js';

/**
 * Reads a GGUF file's header (`parseGgufHeader`) from a path or any `ByteSource` (a Hub file read by HTTP
 * range). A path goes through the fence, whoever calls: inside --allow-dir after resolving links, and a
 * regular file.
 */
export function readGgufHeader(
  input: string | ByteSource,
  options: { allowedRoots?: readonly string[] | undefined } = {},
): Promise<GgufHeader> {
  return withByteSource(input, options.allowedRoots, (source) => parseGgufHeader(source));
}
