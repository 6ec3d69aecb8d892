import type { GpuDevice, HardwareProfile } from '@weightplan/hardware';
import { type Precision, type Runtime, RuntimeSchema } from '@weightplan/weights';

export { type Runtime, RuntimeSchema };

/** The compute backend a runtime uses on a device: it selects the calibration constants. */
export type Backend = 'cuda' | 'rocm' | 'metal' | 'vulkan' | 'sycl' | 'cpu';

export function backendFor(device: GpuDevice | null, runtime: Runtime): Backend {
  if (!device) return 'cpu';
  switch (device.vendor) {
    case 'nvidia':
      return 'cuda';
    case 'amd':
      return runtime === 'llama.cpp' || runtime === 'ollama' ? (device.segment === 'soc' ? 'vulkan' : 'rocm') : 'rocm';
    case 'apple':
      return 'metal';
    case 'intel':
      return runtime === 'llama.cpp' || runtime === 'ollama' ? 'vulkan' : 'sycl';
  }
}

/** Runtimes that can run a precision on a machine, most suitable first. */
export function runtimesFor(precision: Precision, hardware: HardwareProfile): Runtime[] {
  const apple = hardware.gpus.some((gpu) => gpu.vendor === 'apple');
  const gpuVendors = new Set(hardware.gpus.map((gpu) => gpu.vendor));
  return precision.runtimes.filter((runtime) => {
    if (runtime === 'mlx') return apple;
    // vLLM and SGLang need CUDA or ROCm GPUs.
    if (runtime === 'vllm' || runtime === 'sglang')
      return gpuVendors.has('nvidia') || (gpuVendors.has('amd') && !hardware.gpus.some((g) => g.unifiedMemory));
    return true;
  });
}

/** The runtime Weightplan assumes when none is named: llama.cpp for GGUF, MLX for MLX files, vLLM for the rest. */
export function defaultRuntime(precision: Precision, hardware: HardwareProfile): Runtime {
  const candidates = runtimesFor(precision, hardware);
  const preferred: Runtime[] =
    precision.format === 'mlx'
      ? ['mlx']
      : precision.format === 'gguf'
        ? ['llama.cpp', 'ollama']
        : ['llama.cpp', 'vllm', 'sglang', 'transformers', 'mlx'];
  return preferred.find((runtime) => candidates.includes(runtime)) ?? candidates[0] ?? precision.runtimes[0] ?? 'llama.cpp';
}

/** Runtimes that load GGUF through llama.cpp (Ollama embeds it). */
export function isLlamaCppFamily(runtime: Runtime): boolean {
  return runtime === 'llama.cpp' || runtime === 'ollama';
}

/** Runtimes that preallocate a fixed share of VRAM and page the KV cache (vLLM, SGLang). */
export function isPagedServingRuntime(runtime: Runtime): boolean {
  return runtime === 'vllm' || runtime === 'sglang';
}
