export { appleDefaultGpuMemoryBytes, apuDefaultGpuMemoryBytes, nvidiaSocDefaultGpuMemoryBytes } from './apple-memory.js';
export { buildWhatIfProfile, describeGpus, type WhatIfOptions } from './build-profile.js';
export { type CpuIdentity, type CpuMicroarchitecture, CpuMicroarchitectureSchema, cpuMicroarchitecture } from './cpu-microarchitecture.js';
export { maxOf, minOf } from './extremes.js';
export { gpuDeviceFromSpec } from './gpu-device.js';
export * from './gpu-spec.js';
export {
  adjustDetectedProfile,
  type DetectedHardware,
  DetectedHardwareSchema,
  type HardwareInput,
  HardwareInputSchema,
  resolveHardwareInput,
  type WhatIfHardware,
  WhatIfHardwareSchema,
  whatIfProfile,
} from './hardware-input.js';
export * from './hardware-profile.js';
export { MAX_GPUS_PER_NODE, MAX_NODES, MAX_TOTAL_GPUS } from './limits.js';
export { AmbiguousGpuError, type GpuMatch, matchGpu } from './match-gpu.js';
export { MEMORY_PLATFORMS, type MemoryConfig, parseMemoryConfig } from './memory-config.js';
export { type GpuListEntry, parseGpuList } from './parse-gpu-list.js';
export { GPU_SPECS } from './spec-db/index.js';
