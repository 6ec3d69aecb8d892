export type { ByteSource } from './byte-source.js';
export { describePickedFiles, PICKED_HEADER_MAX_BYTES } from './describe-picked-files.js';
export { assertInsideRoots, existsForReader, openInsideRoots, readTextInsideRoots } from './file-fence.js';
export { openFileSource } from './file-source.js';
export { architectureFromGguf } from './gguf-architecture.js';
export { GGUF_LIMITS, type GgufHeader, type GgufTensorInfo, type GgufValue, readGgufHeader } from './gguf-reader.js';
export { HEADER_DESCRIPTION_LIMITS, type HeaderDescription, HeaderDescriptionSchema } from './header-description.js';
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
export { type PickedFile, pickedFileSource } from './picked-file-source.js';
export {
  readSafetensorsHeader,
  SAFETENSORS_DTYPE_BYTES,
  SAFETENSORS_MAX_HEADER_BYTES,
  type SafetensorsHeader,
} from './safetensors-reader.js';
export { WeightFileError } from './weight-file-error.js';
export { weightHeadersFromDescription } from './weight-headers-from-description.js';
