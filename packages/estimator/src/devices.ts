import type { GpuDevice, HardwareProfile } from '@weightplan/hardware';
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
  backend: Backend;
  /** Speed-constant classes of this device, most specific first. */
  classKeys: string[];
  constants: SpeedConstants;
}

/**
 * CPU throughput from the core count: 3 GHz x FP32 lanes per cycle (two FMA units: AVX-512 64, AVX2 32,
 * NEON 16 FLOP/cycle). llama.cpp's quantised dot products run in int8 at about twice that.
 */
function cpuFlopsPerSecond(hardware: HardwareProfile): number {
  const simd = new Set(hardware.cpu.simd.map((flag) => flag.toLowerCase()));
  const perCycle = simd.has('avx512f') ? 64 : simd.has('avx2') ? 32 : 16;
  return hardware.cpu.cores * 3e9 * perCycle;
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
        backend,
        classKeys,
        constants: speedConstantsFor({ keys: classKeys }, options.table),
      });
    }
    const cpuFlops = cpuFlopsPerSecond(hardware);
    const cpuKeys = hardwareClass(null, 'cpu', engine).keys;
    devices.push({
      id: `${prefix}cpu`,
      kind: 'cpu',
      name: hardware.cpu.model,
      node,
      gpu: null,
      capacityBytes: hostCapacityBytes(hardware),
      bandwidthBytesPerSecond: hardware.memory.bandwidthBytesPerSecond,
      matrixFlopsPerSecond: cpuFlops * 2,
      int8OpsPerSecond: null,
      tdpWatts: null,
      vectorFlopsPerSecond: cpuFlops,
      backend: 'cpu',
      classKeys: cpuKeys,
      constants: speedConstantsFor({ keys: cpuKeys }, options.table),
    });
  }
  return devices;
}

/** Bandwidth a device reaches while streaming weights: its memory bandwidth times the class's efficiency. */
export function streamingBandwidth(device: ComputeDevice): number {
  return device.bandwidthBytesPerSecond * device.constants.weightBandwidthEfficiency;
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
