import { describe, expect, it } from 'vitest';
import { buildWhatIfProfile } from './build-profile.js';
import { parseGpuList } from './parse-gpu-list.js';

const GiB = 1024 ** 3;

describe('parseGpuList', () => {
  it('reads counts, mixed sets and "none"', () => {
    expect(parseGpuList('2x RTX 4090')).toEqual([{ name: 'RTX 4090', count: 2 }]);
    expect(parseGpuList('RTX 4090, RTX 3090')).toEqual([
      { name: 'RTX 4090', count: 1 },
      { name: 'RTX 3090', count: 1 },
    ]);
    expect(parseGpuList('4 x L40S + 2×A100 80GB PCIe')).toEqual([
      { name: 'L40S', count: 4 },
      { name: 'A100 80GB PCIe', count: 2 },
    ]);
    expect(parseGpuList('Apple M1 (7-core GPU, 8GB)')).toEqual([{ name: 'Apple M1 (7-core GPU, 8GB)', count: 1 }]);
    expect(parseGpuList('none')).toEqual([]);
  });

  it('rejects empty lists and absurd counts', () => {
    expect(() => parseGpuList('')).toThrow(/empty/);
    expect(() => parseGpuList('0x RTX 4090')).toThrow(/from 1 to 1024/);
    expect(() => parseGpuList('5000x RTX 4090')).toThrow(/from 1 to 1024/);
  });
});

describe('buildWhatIfProfile', () => {
  it('gives each card of a mixed pair its own memory, never the bigger one', () => {
    const profile = buildWhatIfProfile({ gpu: 'RTX 4090,RTX 3060', ramBytes: 64 * GiB });
    expect(profile.gpus.map((gpu) => gpu.memoryBytes / GiB)).toEqual([24, 12]);
    expect(profile.label).toBe('NVIDIA GeForce RTX 4090 + NVIDIA GeForce RTX 3060 12GB, 64 GiB RAM');
  });

  it('repeats a GPU with --gpus and links SXM cards by NVLink', () => {
    const profile = buildWhatIfProfile({ gpu: 'H100 SXM', gpuCount: 8, ramBytes: 2048 * GiB });
    expect(profile.gpus).toHaveLength(8);
    expect(profile.gpuLink).toBe('nvlink');
    expect(profile.memory.bandwidthBasis).toBe('assumed');
  });

  it('assumes RAM when none is given, and says so', () => {
    const profile = buildWhatIfProfile({ gpu: 'RTX 4090' });
    expect(profile.memory.totalBytes).toBe(64 * GiB);
    expect(profile.warnings[0]).toMatch(/system RAM not given: assuming 64 GiB/);
    expect(profile.memory.sources.totalBytes?.provenance).toBe('assumed');
  });

  it('takes unified memory from --ram for Apple Silicon and counts it once', () => {
    const profile = buildWhatIfProfile({ gpu: 'M2 Ultra 76-core', ramBytes: 128 * GiB });
    expect(profile.gpus[0]?.memoryBytes).toBe(128 * GiB);
    expect(profile.gpus[0]?.usableMemoryBytes).toBe(96 * GiB);
    expect(profile.memory.totalBytes).toBe(128 * GiB);
    expect(profile.memory.bandwidthBytesPerSecond).toBe(800e9);
  });

  it('plans a DGX Spark as one GB10 sharing 128 GB with Arm cores, CUDA getting about 0.8 of it', () => {
    const profile = buildWhatIfProfile({ gpu: 'DGX Spark' });
    expect(profile.gpus.map((gpu) => gpu.specId)).toEqual(['nvidia-gb10']);
    expect(profile.gpus[0]?.unifiedMemory).toBe(true);
    expect(profile.gpus[0]?.usableMemoryBytes).toBe(128 * GiB * 0.8);
    expect(profile.memory.totalBytes).toBe(128 * GiB);
    expect(profile.memory.bandwidthBytesPerSecond).toBe(273e9);
    expect(profile.cpu.simd).toEqual(['neon']);
  });

  it('describes a CPU-only machine', () => {
    const profile = buildWhatIfProfile({ gpu: 'none', ramBytes: 16 * GiB });
    expect(profile.gpus).toEqual([]);
    expect(profile.label).toBe('CPU only, 16 GiB RAM');
  });

  it('rejects combining a unified-memory SoC with other GPUs', () => {
    expect(() => buildWhatIfProfile({ gpu: 'M2 Ultra 76-core, RTX 4090' })).toThrow(/cannot be combined/);
  });
});
