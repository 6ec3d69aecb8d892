export type { ByteSource } from './byte-source.js';
export { openFileSource } from './file-source.js';
export { assertInsideRoots, existsForReader, openInsideRoots, readTextInsideRoots } from './file-fence.js';
export { architectureFromGguf } from './gguf-architecture.js';
export { GGUF_LIMITS, type GgufHeader, type GgufTensorInfo, type GgufValue, readGgufHeader } from './gguf-reader.js';
export { architectureFromHfConfig, ConfigError } from './hf-config.js';
export { ggufNameOf } from './hf-tensor-names.js';
export {
  type DtypeShare,
  describeWeights,
  type InspectResult,
  inspectWeights,
  type QuantizationInfo,
  type SpecIdentity,
  type WeightHeaders,
} from './inspect.js';
export { type LocatedFiles, locateWeightFiles, type WeightFormat } from './locate-files.js';
export {
  readSafetensorsHeader,
  SAFETENSORS_DTYPE_BYTES,
  SAFETENSORS_MAX_HEADER_BYTES,
  type SafetensorsHeader,
} from './safetensors-reader.js';
export { WeightFileError } from './weight-file-error.js';
