const GiB = 1024 ** 3;

/**
 * Share of unified memory macOS lets the GPU wire by default (`recommendedMaxWorkingSetSize`): about two
 * thirds on machines with up to 36 GB and three quarters above. `sudo sysctl iogpu.wired_limit_mb=N`
 * raises it, and detection reads that value when set.
 * Source: llama.cpp's Metal backend logs `recommendedMaxWorkingSetSize`, and Apple's Metal feature tables
 * (https://developer.apple.com/documentation/metal/mtldevice/recommendedmaxworkingsetsize).
 */
export function appleDefaultGpuMemoryBytes(unifiedMemoryBytes: number): number {
  return unifiedMemoryBytes <= 36 * GiB ? (unifiedMemoryBytes * 2) / 3 : (unifiedMemoryBytes * 3) / 4;
}

/**
 * Share of RAM an AMD APU's GPU can address by default on Linux: the BIOS carve-out plus GTT, which the
 * amdgpu driver sizes to half of system memory unless `amdgpu.gttsize`/`ttm.pages_limit` raise it.
 * Ryzen AI Max systems are commonly configured for 96 GB of 128 GB (three quarters); detection reads the
 * real GTT size from sysfs when it can.
 */
export function apuDefaultGpuMemoryBytes(systemMemoryBytes: number): number {
  return systemMemoryBytes * 0.75;
}

/**
 * Share of an NVIDIA superchip's unified memory (GB10 / DGX Spark) CUDA can allocate: the OS and page cache share
 * the pool, and nvidia-smi reports no memory figure at all. On a 128 GB DGX Spark CUDA sees 121.7 GiB and has
 * about 102 GiB free after a headless boot with caches dropped, i.e. 0.8 of the 128 GiB
 * (https://github.com/MiaAI-Lab/GLM-5.3-Flash-EXL3-2x-DGX-Sparks/issues/47).
 */
export function nvidiaSocDefaultGpuMemoryBytes(unifiedMemoryBytes: number): number {
  return unifiedMemoryBytes * 0.8;
}
