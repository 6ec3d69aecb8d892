import type { GpuDevice, HardwareProfile } from '@weightplan/hardware';
import { type Backend, backendFor, type Runtime } from './runtime.js';
import { hardwareClass, type SpeedConstants } from './speed-constants.js';
import { speedConstantsFor } from './speed-table.js';

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
  /** FP32 vector throughput in FLOP/s (dequantisation during generation). */
  vectorFlopsPerSecond: number;
  backend: Backend;
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

/** Bytes of RAM the model may use: what is available now, less what llama.cpp's own process needs. */
export function hostCapacityBytes(hardware: HardwareProfile): number {
  return Math.max(0, Math.min(hardware.memory.availableBytes, hardware.memory.totalBytes * 0.95) - 0.5 * 1024 ** 3);
}

/** The devices of every node, GPUs first, then each node's CPU. */
export function computeDevices(hardware: HardwareProfile, runtime: Runtime): ComputeDevice[] {
  const devices: ComputeDevice[] = [];
  for (let node = 0; node < hardware.nodes; node++) {
    const prefix = hardware.nodes > 1 ? `node${node}/` : '';
    for (const gpu of hardware.gpus) {
      const backend = backendFor(gpu, runtime);
      devices.push({
        id: `${prefix}gpu${gpu.index}`,
        kind: 'gpu',
        name: gpu.name,
        node,
        gpu,
        capacityBytes: gpu.usableMemoryBytes,
        bandwidthBytesPerSecond: gpu.memoryBandwidthBytesPerSecond,
        matrixFlopsPerSecond: gpu.fp16TensorTflops * 1e12,
        vectorFlopsPerSecond: (gpu.fp32Tflops ?? gpu.fp16TensorTflops / (gpu.hasMatrixUnits ? 4 : 1)) * 1e12,
        backend,
        constants: speedConstantsFor(hardwareClass(gpu, backend)),
      });
    }
    const cpuFlops = cpuFlopsPerSecond(hardware);
    devices.push({
      id: `${prefix}cpu`,
      kind: 'cpu',
      name: hardware.cpu.model,
      node,
      gpu: null,
      capacityBytes: hostCapacityBytes(hardware),
      bandwidthBytesPerSecond: hardware.memory.bandwidthBytesPerSecond,
      matrixFlopsPerSecond: cpuFlops * 2,
      vectorFlopsPerSecond: cpuFlops,
      backend: 'cpu',
      constants: speedConstantsFor(hardwareClass(null, 'cpu')),
    });
  }
  return devices;
}
