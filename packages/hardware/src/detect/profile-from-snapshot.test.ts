import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { profileFromSnapshot } from './profile-from-snapshot.js';
import { SystemSnapshotSchema } from './system-snapshot.js';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

function profileOf(fixture: string) {
  const json = JSON.parse(readFileSync(new URL(`./fixtures/${fixture}.json`, import.meta.url), 'utf8'));
  return profileFromSnapshot(SystemSnapshotSchema.parse(json));
}

describe('profileFromSnapshot on recorded machines', () => {
  it('this build machine: a 2-core container without GPUs', () => {
    const profile = profileOf('container-no-gpu');
    expect(profile.gpus).toEqual([]);
    expect(profile.cpu).toMatchObject({ cores: 2, threads: 2 });
    expect(profile.cpu.simd).toEqual(expect.arrayContaining(['avx2', 'avx512f']));
    expect(profile.memory.totalBytes).toBe(25276514304);
    expect(profile.memory.bandwidthBasis).toBe('assumed');
    expect(profile.virtualization).toEqual({ container: true, hypervisor: 'KVM' });
    expect(profile.label).toBe('CPU only, 24 GB RAM');
  });

  it('one RTX 4090 on Linux: VRAM and free memory from nvidia-smi, speeds from the spec database', () => {
    const profile = profileOf('linux-one-rtx-4090');
    expect(profile.gpus).toHaveLength(1);
    const gpu = profile.gpus[0];
    expect(gpu).toMatchObject({
      name: 'NVIDIA GeForce RTX 4090',
      specId: 'nvidia-geforce-rtx-4090',
      memoryBytes: 24564 * MiB,
      memoryFreeBytes: 23948 * MiB,
      memoryBandwidthBytesPerSecond: 1008e9,
      driver: '550.54.14',
      unifiedMemory: false,
    });
    expect(gpu?.sources.memoryBytes?.provenance).toBe('detected');
    expect(gpu?.sources.memoryBandwidthBytesPerSecond?.provenance).toBe('spec-db');
    // Two DDR5-5600 modules: 2 x 5600 MT/s x 8 bytes.
    expect(profile.memory).toMatchObject({ bandwidthBytesPerSecond: 89.6e9, bandwidthBasis: 'layout', channels: 2, type: 'DDR5' });
    expect(profile.cpu.simd).toEqual(expect.arrayContaining(['avx512f', 'avx512_bf16']));
  });

  it('a mixed RTX 4090 + RTX 3090: each card its own memory and bandwidth; the Intel iGPU is not an accelerator', () => {
    const profile = profileOf('linux-mixed-4090-3090');
    expect(profile.gpus.map((gpu) => [gpu.name, gpu.memoryBytes / MiB, gpu.memoryBandwidthBytesPerSecond / 1e9])).toEqual([
      ['NVIDIA GeForce RTX 4090', 24564, 1008],
      ['NVIDIA GeForce RTX 3090', 24576, 936],
    ]);
    expect(profile.gpuLink).toBe('pcie');
    expect(profile.warnings.some((w) => w.includes('UHD Graphics 770'))).toBe(true);
    expect(profile.label).toBe('NVIDIA GeForce RTX 4090 + NVIDIA GeForce RTX 3090, 128 GB RAM');
  });

  it('Apple M2 Ultra: unified memory counted once, with the GPU limited to its wired share', () => {
    const profile = profileOf('macos-m2-ultra');
    expect(profile.gpus).toHaveLength(1);
    const gpu = profile.gpus[0];
    expect(gpu).toMatchObject({
      name: 'Apple M2 Ultra (76-core GPU)',
      unifiedMemory: true,
      memoryBytes: 192 * GiB,
      usableMemoryBytes: 144 * GiB,
    });
    expect(profile.memory.totalBytes).toBe(192 * GiB);
    expect(profile.memory.bandwidthBytesPerSecond).toBe(800e9);
    expect(profile.label).toBe('Apple M2 Ultra (76-core GPU), 192 GB unified memory');
    expect(profile.cpu.simd).toContain('neon');
  });

  it("Windows: ignores WMI's 4095 MB VRAM and uses the card's real 24 GB", () => {
    const profile = profileOf('windows-wmi-4095');
    expect(profile.gpus[0]?.memoryBytes).toBe(24 * GiB);
    expect(profile.gpus[0]?.sources.memoryBytes?.provenance).toBe('spec-db');
    expect(profile.warnings.some((w) => w.includes('4 GB'))).toBe(true);
  });

  it('a hung nvidia-smi: the timeout becomes a warning and the rest of the machine is still described', () => {
    const profile = profileOf('hung-nvidia-smi');
    expect(profile.gpus).toEqual([]);
    expect(profile.cpu.cores).toBe(32);
    expect(profile.warnings).toEqual(
      expect.arrayContaining([expect.stringContaining('graphics did not answer within 3000 ms'), expect.stringContaining('dmidecode')]),
    );
  });
});
