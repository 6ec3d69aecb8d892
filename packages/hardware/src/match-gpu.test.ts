import { UnknownNameError } from '@weightplan/match';
import { describe, expect, it } from 'vitest';
import { AmbiguousGpuError, matchGpu } from './match-gpu.js';

const GiB = 1024 ** 3;

describe('matchGpu', () => {
  it.each([
    ['RTX 4090', 'nvidia-geforce-rtx-4090'],
    ['NVIDIA GeForce RTX 4090', 'nvidia-geforce-rtx-4090'],
    ['4090', 'nvidia-geforce-rtx-4090'],
    ['rtx-4090', 'nvidia-geforce-rtx-4090'],
    ['H100 SXM5 80GB', 'nvidia-h100-sxm5-80gb'],
    ['H100 SXM', 'nvidia-h100-sxm5-80gb'],
    ['NVIDIA A100 80GB PCIe', 'nvidia-a100-pcie-80gb'],
    ['MI300X', 'amd-instinct-mi300x'],
    ['Apple M3 Max (40-core GPU)', 'apple-m3-max-40-core-gpu'],
    ['RTX 3060', 'nvidia-geforce-rtx-3060-12gb'],
  ])('reads "%s" as %s', (query, id) => {
    expect(matchGpu(query).spec.id).toBe(id);
  });

  it('picks the memory configuration named in the query', () => {
    const match = matchGpu('Apple M2 Ultra (76-core GPU, 192GB)');
    expect(match.spec.id).toBe('apple-m2-ultra-76-core-gpu');
    expect(match.memoryBytes).toBe(192 * GiB);
    expect(matchGpu('Apple M2 Ultra (76-core GPU) 64GB').memoryBytes).toBe(64 * GiB);
  });

  it('resolves an Apple chip named without its GPU variant to the largest one, with a warning', () => {
    const match = matchGpu('M3 Max');
    expect(match.spec.id).toBe('apple-m3-max-40-core-gpu');
    expect(match.warnings[0]).toMatch(/2 GPU variants \(.*30-core.*40-core|40-core.*30-core/);
  });

  it('refuses to guess between cards that differ in memory, listing them', () => {
    expect(() => matchGpu('A100')).toThrow(AmbiguousGpuError);
    try {
      matchGpu('A100 PCIe');
    } catch (error) {
      expect((error as AmbiguousGpuError).choices).toEqual(
        expect.arrayContaining([expect.stringContaining('40GB'), expect.stringContaining('80GB')]),
      );
    }
  });

  it('answers an unknown name with the closest known ones', () => {
    try {
      matchGpu('RTX 4099');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(UnknownNameError);
      expect((error as UnknownNameError).suggestions[0]).toMatch(/RTX 40/);
    }
  });

  it('rejects a memory size the card was never sold with', () => {
    expect(() => matchGpu('RTX 4090 48GB')).toThrow(/no such card with 48 GiB; known sizes: 24 GiB/);
  });
});
