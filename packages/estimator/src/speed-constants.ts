import type { GpuDevice } from '@weightplan/hardware';
import type { QuantFamily } from './quant-family.js';
import type { Backend } from './runtime.js';

/**
 * Constants of the speed model for one hardware class and backend. They describe how hardware behaves
 * (how much of its bandwidth a kernel reaches, what a kernel launch costs), not what any one card
 * measured: a card nobody measured gets the constants of its class and its own spec-sheet bandwidth and
 * throughput.
 */
export interface SpeedConstants {
  /** Class name shown in estimates: "NVIDIA Ampere (GDDR), llama.cpp CUDA". */
  label: string;
  /** Share of the memory bandwidth reached while streaming weights during generation. */
  weightBandwidthEfficiency: number;
  /** Share reached while reading the KV cache, with and without flash attention. */
  kvBandwidthEfficiency: { flash: number; noFlash: number };
  /**
   * Work per weight to dequantise it and multiply-add, in FP32 operations, per quant family. It matters
   * where compute is scarce next to bandwidth (A100, Apple): a k-quant costs more than an f16 weight.
   */
  dequantFlopsPerWeight: Partial<Record<QuantFamily, number>> & { default: number };
  /** Fixed cost per decoder layer per generated token: kernel launches and synchronisation. */
  decodeSecondsPerLayer: number;
  /** Fixed cost per generated token: sampling, graph launch, host round trip. */
  decodeSecondsPerToken: number;
  /** Share of peak matrix throughput reached in prefill's weight matmuls, per quant family. */
  prefillEfficiency: Partial<Record<QuantFamily, number>> & { default: number };
  /** Share of peak matrix throughput reached in prefill's attention, with and without flash attention. */
  prefillAttentionEfficiency: { flash: number; noFlash: number };
  /** Relative half-width of the low-high band: the spread of this class's errors on measurements. */
  bandRelative: number;
  /** `calibrated`: fitted on measurements of this class; `extrapolated`: borrowed from a related class. */
  basis: 'calibrated' | 'extrapolated';
  /** The measurements behind the constants. */
  evidence: string;
}

/** Memory technology, from the spec sheet: HBM parts reach a lower share of their bandwidth with llama.cpp's kernels. */
export type MemoryFamily = 'hbm' | 'gddr' | 'lpddr' | 'ddr';

export function memoryFamily(memoryType: string | null | undefined): MemoryFamily {
  const type = (memoryType ?? '').toLowerCase();
  if (type.includes('hbm')) return 'hbm';
  if (type.includes('gddr')) return 'gddr';
  if (type.includes('lpddr')) return 'lpddr';
  return 'ddr';
}

export interface HardwareClass {
  /** Most specific first: "cuda:nvidia-ampere:hbm", "cuda:nvidia-ampere", "cuda:nvidia", "cuda". */
  keys: string[];
}

export function hardwareClass(device: GpuDevice | null, backend: Backend): HardwareClass {
  if (!device) return { keys: ['cpu'] };
  const generation = device.generation ?? 'unknown';
  const memory = memoryFamily(device.memoryType);
  return {
    keys: [
      `${backend}:${generation}:${memory}`,
      `${backend}:${generation}`,
      `${backend}:${device.vendor}:${memory}`,
      `${backend}:${device.vendor}`,
      backend,
    ],
  };
}
