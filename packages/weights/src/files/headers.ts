// The browser-safe entry (@weightplan/weights/headers): the header parsers and the picked-file describer,
// nothing that imports Node. The planner's renderer (web page and Electron) reads a picked file's headers with
// these and sends the description to the router; headers.test.ts checks no Node module is reachable from here.
export type { ByteSource } from './byte-source.js';
export { describePickedFiles, PICKED_HEADER_MAX_BYTES } from './describe-picked-files.js';
export { GGUF_LIMITS, type GgufHeader, type GgufTensorInfo, type GgufValue, parseGgufHeader } from './gguf-header.js';
export {
  HEADER_DESCRIPTION_LIMITS,
  type HeaderDescription,
  HeaderDescriptionSchema,
} from './header-description.js';
export { type PickedFile, pickedFileSource } from './picked-file-source.js';
export {
  parseSafetensorsHeader,
  SAFETENSORS_DTYPE_BYTES,
  SAFETENSORS_MAX_HEADER_BYTES,
  type SafetensorsHeader,
} from './safetensors-header.js';
export { WeightFileError } from './weight-file-error.js';
