export { BenchError, type BenchErrorKind } from './bench-error.js';
export {
  type EndpointKind,
  EndpointKindSchema,
  type EndpointMeasurement,
  type EndpointRequest,
  measureEndpoint,
} from './endpoint-client.js';
export { GGUF_ALIGNMENT, type GgufLayout, type GgufTensorInfo, type GgufValue, layOutGguf, writeGguf } from './gguf-writer.js';
export { type LlamaBenchFormat, type LlamaBenchRow, parseLlamaBench, precisionOfModelType } from './llama-bench-import.js';
export { type BenchHost, type GgufRun, type LocalBenchOptions, localBench, type SyntheticRun } from './local-bench.js';
export type { BenchProgress, GgufMeasurement, MeasureSettings } from './measure-gguf.js';
export { checkRoom, measureRoom, ROOM_MARGIN_BYTES } from './room-check.js';
export {
  defaultBackend,
  installedRunner,
  installRunner,
  npmInstallArguments,
  RUNNER_VERSION,
  type RunnerBackend,
  RunnerBackendSchema,
  type RunnerInstallation,
  runnerBinaryPackages,
  runnerDirectory,
} from './runner-install.js';
export { type RateSummary, summarizeRates } from './statistics.js';
export { SYNTHETIC_MODEL_TYPES, type SyntheticModel, syntheticModel } from './synthetic-gguf.js';
