export * from './calibration/index.js';
export { estimateLlamaCppComputeBufferBytes, estimateVllmActivationBytes } from './compute-buffer.js';
export { type ContextLimits, ContextLimitsSchema, contextLimits } from './context-limits.js';
export { type ContextPoint, ContextPointSchema, contextSteps, contextSweep } from './context-sweep.js';
export * from './cost/index.js';
export { type CpuCompute, cpuCompute } from './cpu-compute.js';
export {
  type ComputeDevice,
  computeDevices,
  engineFamily,
  hostCapacityBytes,
  kvStreamingBandwidth,
  streamingBandwidth,
} from './devices.js';
export { type EstimateRequest, estimate, prepareSpeedProbe, probeServingSeconds, probeSpeeds, type SpeedProbe } from './estimate.js';
export {
  type DeviceMemory,
  DeviceMemorySchema,
  type Estimate,
  EstimateSchema,
  FitStatusSchema,
  PlacementTargetSchema,
  type SpeculativeEstimate,
  SpeculativeEstimateSchema,
  SplitModeSchema,
} from './estimate-schema.js';
export * from './finetune/index.js';
export { type FitCell, FitCellSchema, type FitMatrix, type FitMatrixRequest, FitMatrixSchema, fitMatrix } from './fit-matrix.js';
export {
  estimateKvCache,
  KV_CACHE_BYTES_PER_ELEMENT,
  type KvCacheEstimate,
  type KvCacheLayerShare,
  type KvCacheOptions,
  type KvCacheType,
  KvCacheTypeSchema,
} from './kv-cache.js';
export {
  type LaunchCommand,
  LaunchCommandSchema,
  type LaunchTarget,
  launchCommand,
  nearestPrecisionFor,
} from './launch-command.js';
export { checkLaunchCommand, DOCUMENTED_OPTIONS, type RuntimeOptions, shellWords } from './launch-flags.js';
export { expectedExpertsTouched, type LayerCost, type ModelCosts, modelCosts } from './layer-costs.js';
export type { FitStatus, Placement, PlacementTarget, SplitMode } from './placement.js';
export { type QualityBasis, type QualityEstimate, qualityCalibration } from './quality-calibration.js';
export { qualityProxyScore, releasedQualityProxy } from './quality-proxy.js';
export { benchmarkRank, latestSignal, preferredQualitySignal, QUALITY_BENCHMARK_PREFERENCE } from './quality-signal.js';
export { type QuantFamily, quantFamily } from './quant-family.js';
export {
  describeQuantisationLoss,
  NATS_PER_PARAMETER_DOUBLING,
  type QuantisationLoss,
  quantisationLoss,
} from './quantisation-loss.js';
export { isTightHeadroom, precisionLadder, type RecommendRequest, recommend, TIGHT_RANK_PENALTY } from './recommend.js';
export {
  type Recommendation,
  RecommendationSchema,
  type RecommendResult,
  RecommendResultSchema,
  type Rejection,
  RejectionSchema,
} from './recommend-schema.js';
export {
  type Backend,
  backendFor,
  defaultRuntime,
  isLlamaCppFamily,
  isPagedServingRuntime,
  type Runtime,
  RuntimeSchema,
  runtimesFor,
} from './runtime.js';
export { MAX_CONTEXT_TOKENS, type ScenarioInput, ScenarioInputSchema, scenarioOptions, tokenCount } from './scenario-input.js';
export { type ServingCapacity, ServingCapacitySchema, servingCapacity } from './serving-capacity.js';
export { type ServingLoad, type ServingLoadInput, servingLoad } from './serving-load.js';
export {
  ACCEPTANCE_MEASUREMENTS,
  type AcceptanceMeasurement,
  bestDraftTokens,
  breakEvenAcceptance,
  DRAFT_HEADS,
  type DraftHead,
  type DraftRequest,
  defaultAcceptance,
  expectedTokensPerStep,
  LOW_ACCEPTANCE,
  MAX_DRAFT_TOKENS,
  type SpeculativeMethod,
  SpeculativeMethodSchema,
  type SpeculativeTask,
  SpeculativeTaskSchema,
  speculativeTokensPerSecond,
} from './speculative.js';
export {
  type EngineFamily,
  type HardwareClass,
  hardwareClass,
  type MemoryFamily,
  memoryFamily,
  type SpeedConstants,
} from './speed-constants.js';
export { DEFAULT_SPEED_CONSTANTS, SPEED_CONSTANTS, type SpeedTable, speedConstantsFor } from './speed-table.js';
export { USE_CASES, type UseCase, type UseCaseDefaults, UseCaseSchema } from './use-case.js';
