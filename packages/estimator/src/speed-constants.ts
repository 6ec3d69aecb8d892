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
  /**
   * CPU classes: what a read stream reaches relative to a measured multi-threaded copy rate (`detect
   * --measure`), used instead of `weightBandwidthEfficiency` when the bandwidth was measured.
   */
  measuredBandwidthEfficiency?: number;
  /** CPU classes: bytes per second one thread can stream (outstanding misses x line size / latency). */
  perCoreBandwidthBytesPerSecond?: number;
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
  /**
   * Extra fixed cost per mixture-of-experts layer per step, on top of `decodeSecondsPerLayer`: routing, top-k
   * and the gather/scatter around the expert matmuls are kernels a dense layer does not run. Unset: none
   * (the classes whose data cannot separate it).
   */
  decodeSecondsPerMoeLayer?: number;
  /**
   * Cost of one synchronisation between GPUs (all-reduce or gather) per additional GPU, over PCIe, when
   * layers are split across GPUs (tensor parallelism, llama.cpp's row split).
   */
  syncSecondsPerPeer: number;
  /**
   * Sustained matrix throughput per watt of board power. Prefill is compute-bound, and under dense tensor
   * load GPUs lower their clocks to stay within their power limit, so a 350 W card with 142 SMs (L40S)
   * sustains a smaller share of its peak than a 285 W card with 60 (RTX 4070 Ti). Infinity where the
   * data shows no such limit.
   */
  prefillFlopsPerWatt: number;
  /** Share of peak matrix throughput reached in prefill's weight matmuls, per quant family. */
  prefillEfficiency: Partial<Record<QuantFamily, number>> & { default: number };
  /** Share of peak matrix throughput reached in prefill's attention, with and without flash attention. */
  prefillAttentionEfficiency: { flash: number; noFlash: number };
  /**
   * Without flash attention the score matrix (heads x tokens x visible tokens, f32) goes through memory
   * several times (written, soft-maxed, read back): bytes moved per score. With flash attention it stays
   * on chip (0).
   */
  prefillAttentionBytesPerScore: number;
  /**
   * Relative half-width of the generation-speed band for a GPU nobody measured: the 85th percentile of
   * this class's errors when each GPU was left out of the fit.
   */
  bandRelative: number;
  /** The same for prompt processing. */
  prefillBandRelative: number;
  /** Spec ids of the GPUs measured for this class: they get the narrower in-sample bands below. */
  measuredHardware: string[];
  /** Band for the measured GPUs (85th percentile of in-sample errors). */
  measuredBandRelative: number;
  measuredPrefillBandRelative: number;
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

/** Inference engines whose kernels differ enough to need their own constants. */
export type EngineFamily = 'llama.cpp' | 'vllm' | 'mlx' | 'transformers';

export interface HardwareClass {
  /**
   * Most specific first: "llama.cpp/cuda:nvidia-ampere:hbm", then any generation with that memory type
   * ("llama.cpp/cuda:*:hbm": HBM parts reach a lower share of their bandwidth with these kernels), then
   * "llama.cpp/cuda:nvidia-ampere", "llama.cpp/cuda:nvidia", "llama.cpp/cuda", and the backend alone.
   */
  keys: string[];
}

export function hardwareClass(device: GpuDevice | null, backend: Backend, engine: EngineFamily = 'llama.cpp'): HardwareClass {
  if (!device) return { keys: [`${engine}/cpu`, 'cpu'] };
  const generation = device.generation ?? 'unknown';
  const memory = memoryFamily(device.memoryType);
  const prefix = `${engine}/${backend}`;
  return {
    keys: [
      `${prefix}:${generation}:${memory}`,
      `${prefix}:*:${memory}`,
      `${prefix}:${generation}`,
      `${prefix}:${device.vendor}`,
      prefix,
      backend,
    ],
  };
}
