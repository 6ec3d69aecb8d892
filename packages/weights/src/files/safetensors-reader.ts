import type { ByteSource } from './byte-source.js';
import { withByteSource } from './file-source.js';
import { parseSafetensorsHeader, type SafetensorsHeader } from './safetensors-header.js';

export {
  SAFETENSORS_DTYPE_BYTES,
  SAFETENSORS_MAX_HEADER_BYTES,
  type SafetensorsHeader,
  type SafetensorsTensor,
} from './safetensors-header.js';

/**
 * Reads a safetensors file's header (`parseSafetensorsHeader`) from a path or any `ByteSource`. A path goes
 * through the fence, whoever calls: inside --allow-dir after resolving links, and a regular file.
 */
export function readSafetensorsHeader(
  input: string | ByteSource,
  options: { allowedRoots?: readonly string[] | undefined } = {},
): Promise<SafetensorsHeader> {
  return withByteSource(input, options.allowedRoots, (source) => parseSafetensorsHeader(source));
}
