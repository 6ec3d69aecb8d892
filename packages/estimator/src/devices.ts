import type { GpuDevice, HardwareProfile } from '@weightplan/hardware';
import { cpuCompute } from './cpu-compute.js';
import type { QuantFamily } from './quant-family.js';
import { type Backend, backendFor, type Runtime } from './runtime.js';
import { type EngineFamily, hardwareClass, type SpeedConstants } from './speed-constants.js';
import { type SpeedTable, speedConstantsFor } from './speed-table.js';

/** A memory pool that holds layers and computes on them: one GPU, or the CPU with system RAM. */
export interface ComputeDevice {
  /** "gpu0", "gpu1", "cpu"; with several nodes, "node1/gpu0". */
  id: string;
  kind: 'gpu' | 'cpu';
  name: string;
  node: number;
  gpu: GpuDevice | null;
  /** Bytes this device can hold for the model. */
  capacityBytes: number;
  bandwidthBytesPerSecond: number;
  /** Dense FP16 matrix throughput in FLOP/s (prefill). */
  matrixFlopsPerSecond: number;
  /** Dense INT8 matrix throughput in OP/s, when the hardware has it. */
  int8OpsPerSecond: number | null;
  /** Board power in watts, when known. */
  tdpWatts: number | null;
  /** FP32 vector throughput in FLOP/s (dequantisation during generation). */
  vectorFlopsPerSecond: number;
  /** CPU only: the threads llama.cpp runs (one per physical core); bounds the bandwidth they can pull. */
  cpuThreads: number | null;
  /**
   * CPU only: `bandwidthBytesPerSecond` is what a copy benchmark on this machine reached (`detect
   * --measure`), not a theoretical peak, so the peak's efficiency does not apply again.
   */
  bandwidthMeasured: boolean;
  /** How the speed figures were derived, for the estimate's basis line (CPU: datapath, threads, clock). */
  computeNote: string | null;
  backend: Backend;
  /** Speed-constant classes of this device, most specific first. */
  classKeys: string[];
  constants: SpeedConstants;
}

/** The kernel family a runtime uses: Ollama runs llama.cpp, SGLang's kernels behave like vLLM's. */
export function engineFamily(runtime: Runtime): EngineFamily {
  if (runtime === 'ollama' || runtime === 'llama.cpp') return 'llama.cpp';
  if (runtime === 'sglang' || runtime === 'vllm') return 'vllm';
  return runtime;
}

/** Bytes of RAM the model may use: what is available now, less what llama.cpp's own process needs. */
export function hostCapacityBytes(hardware: HardwareProfile): number {
  return Math.max(0, Math.min(hardware.memory.availableBytes, hardware.memory.totalBytes * 0.95) - 0.5 * 1024 ** 3);
}

/**
 * The devices of every node, GPUs first, then each node's CPU. `backend` forces a GPU backend (llama.cpp's
 * Vulkan build on an NVIDIA card); `table` replaces the speed constants (the accuracy benchmark fits them).
 */
export function computeDevices(
  hardware: HardwareProfile,
  runtime: Runtime,
  options: { backend?: Backend; table?: SpeedTable } = {},
): ComputeDevice[] {
  const engine = engineFamily(runtime);
  const devices: ComputeDevice[] = [];
  for (let node = 0; node < hardware.nodes; node++) {
    const prefix = hardware.nodes > 1 ? `node${node}/` : '';
    for (const gpu of hardware.gpus) {
      const backend = options.backend ?? backendFor(gpu, runtime);
      const classKeys = hardwareClass(gpu, backend, engine).keys;
      devices.push({
        id: `${prefix}gpu${gpu.index}`,
        kind: 'gpu',
        name: gpu.name,
        node,
        gpu,
        capacityBytes: gpuCapacityBytes(gpu),
        bandwidthBytesPerSecond: gpu.memoryBandwidthBytesPerSecond,
        matrixFlopsPerSecond: gpu.fp16TensorTflops * 1e12,
        int8OpsPerSecond: gpu.int8TensorTops === null ? null : gpu.int8TensorTops * 1e12,
        tdpWatts: gpu.tdpWatts,
        vectorFlopsPerSecond: (gpu.fp32Tflops ?? gpu.fp16TensorTflops / (gpu.hasMatrixUnits ? 4 : 1)) * 1e12,
        cpuThreads: null,
        bandwidthMeasured: false,
        computeNote: null,
        backend,
        classKeys,
        constants: speedConstantsFor({ keys: classKeys }, options.table),
      });
    }
    const cpu = cpuCompute(hardware.cpu);
    const cpuKeys = hardwareClass(null, 'cpu', engine).keys;
    devices.push({
      id: `${prefix}cpu`,
      kind: 'cpu',
      name: hardware.cpu.model,
      node,
      gpu: null,
      capacityBytes: hostCapacityBytes(hardware),
      bandwidthBytesPerSecond: hardware.memory.bandwidthBytesPerSecond,
      // Prefill efficiencies of the CPU class are relative to the FP32 peak; llama.cpp's quantised dot
      // products run in int8 and can exceed it (efficiency above 1).
      matrixFlopsPerSecond: cpu.peakFp32FlopsPerSecond,
      int8OpsPerSecond: null,
      tdpWatts: null,
      vectorFlopsPerSecond: cpu.peakFp32FlopsPerSecond,
      cpuThreads: cpu.threads,
      bandwidthMeasured: hardware.memory.bandwidthBasis === 'measured',
      computeNote: `${cpu.threads} threads, ${cpu.datapath}, ${(cpu.clockHz / 1e9).toFixed(1)} GHz${cpu.clockAssumed ? ' (assumed)' : ''}`,
      backend: 'cpu',
      classKeys: cpuKeys,
      constants: speedConstantsFor({ keys: cpuKeys }, options.table),
    });
  }
  return devices;
}

/**
 * Bandwidth a device reaches while streaming weights: its memory bandwidth times the class's efficiency.
 * A CPU's threads pull at most so much each (a core has a limited number of outstanding cache misses), so
 * two cores of a VM reach a fraction of the DIMMs' peak; and a measured copy rate is already what the
 * cores reach, so it gets the (smaller) correction from a copy to a read stream, not the peak's efficiency.
 */
export function streamingBandwidth(device: ComputeDevice): number {
  const c = device.constants;
  if (device.kind !== 'cpu') return device.bandwidthBytesPerSecond * c.weightBandwidthEfficiency;
  const efficiency = device.bandwidthMeasured ? (c.measuredBandwidthEfficiency ?? 1) : c.weightBandwidthEfficiency;
  const perCoreLimit = (device.cpuThreads ?? 1) * (c.perCoreBandwidthBytesPerSecond ?? Number.POSITIVE_INFINITY);
  return Math.min(device.bandwidthBytesPerSecond * efficiency, perCoreLimit);
}

/** Bandwidth reached while reading the KV cache: on a CPU, the weight stream's rate scaled by the class's KV/weight ratio. */
export function kvStreamingBandwidth(device: ComputeDevice, flashAttention: boolean): number {
  const c = device.constants;
  const kvEfficiency = flashAttention ? c.kvBandwidthEfficiency.flash : c.kvBandwidthEfficiency.noFlash;
  if (device.kind !== 'cpu') return device.bandwidthBytesPerSecond * kvEfficiency;
  return streamingBandwidth(device) * Math.min(1, kvEfficiency / c.weightBandwidthEfficiency);
}

/**
 * Sustained matrix throughput for prefill: llama.cpp multiplies quantised weights with int8 tensor
 * operations (its MMQ kernels) and 16-bit weights with FP16 ones; either is capped by the board's power
 * budget (see `prefillFlopsPerWatt`).
 */
export function prefillMatrixFlops(device: ComputeDevice, family: QuantFamily): number {
  const c = device.constants;
  const quantized = family !== 'f16' && family !== 'f32';
  const peak =
    quantized && device.int8OpsPerSecond !== null && device.backend === 'cuda' ? device.int8OpsPerSecond : device.matrixFlopsPerSecond;
  const efficiency = c.prefillEfficiency[family] ?? c.prefillEfficiency.default;
  const powerLimit = device.tdpWatts === null ? Number.POSITIVE_INFINITY : device.tdpWatts * c.prefillFlopsPerWatt;
  return Math.min(peak * efficiency, powerLimit);
}

/**
 * What a GPU can hold for the model: its usable memory, less what other programs already hold on a detected
 * card (a desktop's display and browser take 0.5-1.5 GiB). Unified-memory devices report free system memory,
 * which the host budget already accounts for, so only discrete cards are reduced.
 */
export function gpuCapacityBytes(gpu: GpuDevice): number {
  if (gpu.unifiedMemory || gpu.memoryFreeBytes === null) return gpu.usableMemoryBytes;
  return Math.max(0, Math.min(gpu.usableMemoryBytes, gpu.memoryFreeBytes));
}
