import { describe, expect, it } from 'vitest';
import { buildWhatIfProfile } from './build-profile.js';
import { WhatIfHardwareSchema } from './hardware-input.js';
import { HardwareProfileSchema } from './hardware-profile.js';
import { MAX_GPUS_PER_NODE, MAX_NODES, MAX_TOTAL_GPUS } from './limits.js';
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
    expect(() => parseGpuList('0x RTX 4090')).toThrow(/from 1 to 72/);
    expect(() => parseGpuList('5000x RTX 4090')).toThrow(/from 1 to 72/);
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

describe('work amplification: GPUs per node and nodes are capped', () => {
  it('admits the largest real systems: eight 72-GPU GB200 NVL72 racks, or 64 nodes of 8 GPUs', () => {
    const racks = buildWhatIfProfile({ gpu: 'GB200', gpuCount: MAX_GPUS_PER_NODE, nodes: MAX_TOTAL_GPUS / MAX_GPUS_PER_NODE });
    expect(racks.gpus).toHaveLength(72);
    expect(racks.nodes).toBe(8);
    expect(buildWhatIfProfile({ gpu: 'H100 SXM', gpuCount: 8, nodes: MAX_NODES }).nodes).toBe(64);
    expect(WhatIfHardwareSchema.parse({ gpu: 'GB200', gpus: 72, nodes: 8 })).toMatchObject({ gpus: 72, nodes: 8 });
  });

  it('refuses more than 576 GPUs in all, in the schema, a GPU list and a full profile', () => {
    const message = 'at most 576 GPUs in all, GPUs per node x nodes (eight GB200 NVL72 racks)';
    expect(WhatIfHardwareSchema.safeParse({ gpu: 'GB200', gpus: 72, nodes: 9 }).error?.issues[0]).toMatchObject({
      path: ['nodes'],
      message,
    });
    expect(() => buildWhatIfProfile({ gpu: '36x GB200, 36x B200', nodes: 9 })).toThrow(/72 GPUs x 9 nodes is 648: at most 576/);
    const rack = buildWhatIfProfile({ gpu: 'GB200', gpuCount: 72 });
    expect(HardwareProfileSchema.safeParse({ ...rack, nodes: 9 }).error?.issues[0]?.message).toBe(message);
  });

  it('refuses more GPUs per node or more nodes, saying the limit', () => {
    const tooMany = WhatIfHardwareSchema.safeParse({ gpu: 'H100 SXM', gpus: 1024, nodes: 256 });
    expect(tooMany.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([
      'gpus: at most 72 GPUs per node (a GB200 NVL72 rack); use nodes for more',
      'nodes: at most 64 nodes',
      'nodes: at most 576 GPUs in all, GPUs per node x nodes (eight GB200 NVL72 racks)',
    ]);
    expect(() => buildWhatIfProfile({ gpu: 'H100 SXM', gpuCount: 73 })).toThrow(/from 1 to 72 \(GPUs per node; use --nodes for more\)/);
    expect(() => buildWhatIfProfile({ gpu: 'H100 SXM', nodes: 65 })).toThrow(/--nodes must be a whole number from 1 to 64/);
    // Mixed lists count together: two groups of 40 are 80 GPUs in one node.
    expect(() => parseGpuList('40x H100 SXM, 40x H100 PCIe')).toThrow(/has 80 GPUs: at most 72 per node/);
  });

  it('refuses a full profile with more GPUs than a node holds', () => {
    const node = buildWhatIfProfile({ gpu: 'RTX 4090' });
    const gpus = Array.from({ length: 73 }, () => node.gpus[0]);
    const result = HardwareProfileSchema.safeParse({ ...node, gpus });
    expect(result.error?.issues[0]?.message).toBe('at most 72 GPUs per node (a GB200 NVL72 rack)');
    expect(HardwareProfileSchema.safeParse({ ...node, nodes: 65 }).error?.issues[0]?.message).toBe('at most 64 nodes');
  });
});
