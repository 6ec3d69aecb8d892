import { normalizeName } from '@weightplan/match';
import { describe, expect, it } from 'vitest';
import { GPU_SPECS } from './index.js';

describe('the GPU spec database', () => {
  it('gives every id, name and alias to exactly one entry', () => {
    const owners = new Map<string, string>();
    for (const gpu of GPU_SPECS) {
      for (const spelling of new Set([gpu.id, gpu.name, ...gpu.aliases].map(normalizeName))) {
        expect(owners.get(spelling), `"${spelling}" is claimed by ${owners.get(spelling)} and ${gpu.id}`).toBeUndefined();
        owners.set(spelling, gpu.id);
      }
    }
  });

  describe.each(GPU_SPECS.map((gpu) => [gpu.id, gpu] as const))('%s', (_id, gpu) => {
    it('has plausible, internally consistent figures', () => {
      expect(gpu.memoryBytes).toBeGreaterThanOrEqual(2 * 1024 ** 3);
      expect(gpu.memoryBytes).toBeLessThanOrEqual(1024 * 1024 ** 3);
      // memoryBytes is the largest configuration; the options list the smaller ones (and may repeat it).
      for (const option of gpu.memoryOptionsBytes ?? []) expect(option).toBeLessThanOrEqual(gpu.memoryBytes);
      // From a 128-bit LPDDR4X laptop chip (~60 GB/s) to HBM3e (8 TB/s).
      expect(gpu.memoryBandwidthBytesPerSecond).toBeGreaterThan(50e9);
      expect(gpu.memoryBandwidthBytesPerSecond).toBeLessThan(10e12);
      expect(gpu.fp16TensorTflops).toBeGreaterThanOrEqual(gpu.fp32Tflops * 0.99);
      if (gpu.bf16TensorTflops !== null) expect(gpu.bf16TensorTflops).toBeLessThanOrEqual(gpu.fp16TensorTflops * 1.01);
      if (gpu.fp8TensorTflops !== null) expect(gpu.fp8TensorTflops).toBeGreaterThanOrEqual(gpu.bf16TensorTflops ?? 0);
      expect(gpu.sourceUrl).toMatch(/^https:\/\//);
      if (gpu.segment === 'soc') expect(gpu.interconnect.kind).toBe('on-package');
    });
  });
});
