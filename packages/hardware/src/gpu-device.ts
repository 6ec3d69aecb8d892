import { appleDefaultGpuMemoryBytes, apuDefaultGpuMemoryBytes, nvidiaSocDefaultGpuMemoryBytes } from './apple-memory.js';
import type { GpuSpec } from './gpu-spec.js';
import type { FieldSource, GpuDevice } from './hardware-profile.js';

const SPEC_DB: FieldSource = { provenance: 'spec-db', confidence: 'high' };

/**
 * A GPU device described from its spec-database entry alone (a what-if profile, or a detected card whose
 * speed figures come from the database). `memoryBytes` overrides the default memory configuration.
 */
export function gpuDeviceFromSpec(spec: GpuSpec, index: number, memoryBytes = spec.memoryBytes): GpuDevice {
  const unified = spec.segment === 'soc';
  const usable = !unified
    ? memoryBytes
    : spec.vendor === 'apple'
      ? appleDefaultGpuMemoryBytes(memoryBytes)
      : spec.vendor === 'nvidia'
        ? nvidiaSocDefaultGpuMemoryBytes(memoryBytes)
        : apuDefaultGpuMemoryBytes(memoryBytes);
  return {
    index,
    vendor: spec.vendor,
    name: spec.name,
    specId: spec.id,
    generation: spec.generation,
    segment: spec.segment,
    memoryBytes,
    memoryFreeBytes: null,
    usableMemoryBytes: usable,
    unifiedMemory: unified,
    memoryType: spec.memoryType,
    computeUnits: spec.computeUnits ?? null,
    memoryBandwidthBytesPerSecond: spec.memoryBandwidthBytesPerSecond,
    fp32Tflops: spec.fp32Tflops,
    fp16TensorTflops: spec.fp16TensorTflops,
    bf16TensorTflops: spec.bf16TensorTflops,
    fp8TensorTflops: spec.fp8TensorTflops,
    int8TensorTops: spec.int8TensorTops,
    hasMatrixUnits: spec.hasMatrixUnits,
    tdpWatts: spec.tdpWatts,
    interconnect: spec.interconnect,
    sources: {
      memoryBytes: memoryBytes === spec.memoryBytes ? SPEC_DB : { provenance: 'user', confidence: 'high' },
      usableMemoryBytes: unified
        ? {
            provenance: 'assumed',
            confidence: 'medium',
            note:
              spec.vendor === 'apple'
                ? "macOS's default GPU wired-memory limit (2/3 of RAM up to 36 GB, 3/4 above); raise it with iogpu.wired_limit_mb"
                : spec.vendor === 'nvidia'
                  ? 'what CUDA has free on a DGX Spark after boot (about 0.8 of the unified memory; the OS shares it)'
                  : 'typical APU GPU share (carve-out + GTT); detection reads the real value',
          }
        : SPEC_DB,
      memoryBandwidthBytesPerSecond: SPEC_DB,
      fp16TensorTflops: SPEC_DB,
    },
  };
}
