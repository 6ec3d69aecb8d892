export { type AttentionKind, type AttentionLayer, AttentionLayerSchema } from './attention-layer.js';
export { attentionLayerAt, expandAttentionLayers, isMoeLayer } from './attention-layout.js';
export { OPEN_MODELS } from './catalog/index.js';
export { CLOSED_MODELS } from './closed/catalog.js';
export {
  type ApiPrice,
  ApiPriceSchema,
  type ApiProvider,
  ApiProviderSchema,
  type ClosedModelSpec,
  ClosedModelSpecSchema,
} from './closed/closed-model-spec.js';
export { type QualityBenchmark, QualityBenchmarkSchema, type QualitySignal, QualitySignalSchema } from './closed/quality-signal.js';
export { QUALITY_SIGNALS } from './closed/quality-signals.js';
export {
  GGML_TYPES,
  type GgmlTypeName,
  GgmlTypeNameSchema,
  ggmlBitsPerWeight,
  ggmlTensorBytes,
  ggmlTypeById,
  ggmlTypeFitsRow,
} from './ggml-types.js';
export { GGUF_FTYPES, type GgufFtype, type GgufRecipeOptions, ggufFallbackType, ggufTensorTypes } from './gguf-recipe.js';
export { builtInModels, getPrecision, ModelIndex } from './lookup.js';
export * from './model-spec.js';
export * from './precision.js';
export { PRECISIONS } from './precisions.js';
export {
  countActiveDecoderParameters,
  countDecoderParameters,
  type DecoderTensor,
  decoderTensors,
  listDecoderTensors,
  type TensorRole,
} from './tensor-inventory.js';
export { type StorageTypeShare, type StoredTensor, storedTensors, type WeightsFootprint, weightsFootprint } from './weight-bytes.js';
