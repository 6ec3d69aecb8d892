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
    expect(profile.label).toBe('CPU only, 24 GiB RAM');
  });

  it('a DGX Spark: nvidia-smi names the GB10 but prints no memory, so the unified system memory is its memory', () => {
    // 128501256192 bytes is what the OS of a 128 GB DGX Spark reports (https://github.com/leptonai/gpud/pull/1170).
    const ramBytes = 128501256192;
    const profile = profileFromSnapshot(
      SystemSnapshotSchema.parse({
        cpu: { manufacturer: 'ARM', brand: 'Cortex-X925', physicalCores: 20, cores: 20 },
        mem: { total: ramBytes, available: 120e9 },
        osInfo: { platform: 'linux', distro: 'Ubuntu', release: '24.04', arch: 'arm64' },
        nvidiaSmiCsv: '0, NVIDIA GB10, [N/A], [N/A], 580.95.05, 0000000F:01:00.0, [N/A], [N/A], [N/A]\n',
      }),
    );
    expect(profile.gpus).toHaveLength(1);
    expect(profile.gpus[0]).toMatchObject({ specId: 'nvidia-gb10', unifiedMemory: true, memoryBytes: ramBytes });
    expect(profile.gpus[0]?.usableMemoryBytes).toBeCloseTo(ramBytes * 0.8);
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
    // A Ryzen 7000: AVX-512 on Zen 4's 256-bit datapaths; the boost clock systeminformation reports.
    expect(profile.cpu).toMatchObject({ microarchitecture: 'zen4', clockGHz: 5.88 });
  });

  it('a VM that reports no clock and only CPUID family/model gets the generation from CPUID and no clock', () => {
    const profile = profileFromSnapshot(
      SystemSnapshotSchema.parse({
        cpu: { manufacturer: 'AMD', brand: 'EPYC', family: '25', model: '17', speed: 0, speedMax: 0, physicalCores: 2, cores: 2 },
        cpuFlags: 'fma avx2 avx512f avx512_vnni avx512_bf16',
        mem: { total: 24e9, available: 23e9 },
      }),
    );
    expect(profile.cpu.microarchitecture).toBe('zen4');
    expect(profile.cpu.clockGHz).toBeUndefined();
    expect(profile.cpu.simd).toEqual(expect.arrayContaining(['avx2', 'avx512f', 'avx512_vnni', 'fma']));
  });

  it('a mixed RTX 4090 + RTX 3090: each card its own memory and bandwidth; the Intel iGPU is not an accelerator', () => {
    const profile = profileOf('linux-mixed-4090-3090');
    expect(profile.gpus.map((gpu) => [gpu.name, gpu.memoryBytes / MiB, gpu.memoryBandwidthBytesPerSecond / 1e9])).toEqual([
      ['NVIDIA GeForce RTX 4090', 24564, 1008],
      ['NVIDIA GeForce RTX 3090', 24576, 936],
    ]);
    expect(profile.gpuLink).toBe('pcie');
    expect(profile.warnings.some((w) => w.includes('UHD Graphics 770'))).toBe(true);
    expect(profile.label).toBe('NVIDIA GeForce RTX 4090 + NVIDIA GeForce RTX 3090, 128 GiB RAM');
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
    expect(profile.label).toBe('Apple M2 Ultra (76-core GPU), 192 GiB unified memory');
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

describe('profileFromSnapshot with vendor tools', () => {
  it('four identical A100 SXM cards: nvidia-smi gives each card, topo shows NVLink, the BMC display is ignored', () => {
    const profile = profileOf('linux-4x-a100-sxm-nvlink');
    expect(profile.gpus).toHaveLength(4);
    expect(new Set(profile.gpus.map((gpu) => gpu.specId))).toEqual(new Set(['nvidia-a100-sxm4-80gb']));
    expect(profile.gpus.map((gpu) => gpu.busId)).toEqual(['00000000:07:00.0', '00000000:0B:00.0', '00000000:48:00.0', '00000000:4C:00.0']);
    expect(profile.gpus[0]).toMatchObject({
      memoryBytes: 81920 * MiB,
      memoryFreeBytes: 81037 * MiB,
      pcieLink: 'PCIe 4.0 x16',
      driver: '535.129.03',
    });
    expect(profile.gpuLink).toBe('nvlink');
    expect(profile.memory).toMatchObject({ channels: 12, bandwidthBasis: 'layout' });
    expect(profile.warnings.some((w) => w.includes('ASPEED'))).toBe(true);
  });

  it("an AMD Ryzen AI Max APU: the GPU can use the carve-out plus GTT, not just the 512 MB 'VRAM'", () => {
    const profile = profileOf('linux-strix-halo-apu');
    expect(profile.gpus).toHaveLength(1);
    const gpu = profile.gpus[0];
    expect(gpu?.name).toBe('AMD Radeon 8060S');
    expect(gpu?.unifiedMemory).toBe(true);
    expect(gpu?.usableMemoryBytes).toBe(536870912 + 103079215104);
    expect(gpu?.sources.usableMemoryBytes?.note).toMatch(/GTT/);
    expect(profile.memory.totalBytes).toBe(133143986176);
    expect(profile.warnings.some((w) => w.includes('rocm-smi failed'))).toBe(true);
  });

  it('an RX 7900 XTX: rocm-smi reads 24 GB, which picks the XTX among the names lspci lists', () => {
    const profile = profileOf('linux-rx-7900-xtx');
    expect(profile.gpus.map((gpu) => gpu.specId)).toEqual(['amd-radeon-rx-7900-xtx']);
    expect(profile.gpus[0]).toMatchObject({ memoryBytes: 25753026560, memoryFreeBytes: 25753026560 - 1006632960 });
  });

  it('an Intel Arc A770 whose memory is not reported: assumes the smaller card and says so', () => {
    const profile = profileOf('linux-arc-a770');
    expect(profile.gpus).toHaveLength(1);
    expect(profile.gpus[0]?.name).toBe('Intel Arc A770 8GB');
    expect(profile.warnings.some((w) => w.includes('assuming Intel Arc A770 8GB'))).toBe(true);
    expect(profile.warnings.some((w) => w.includes('UHD Graphics 770'))).toBe(true);
  });

  it('an M4 Max with iogpu.wired_limit_mb raised: the GPU may use what the user set', () => {
    const profile = profileOf('macos-m4-max-wired-limit');
    expect(profile.gpus[0]?.name).toBe('Apple M4 Max (40-core GPU)');
    expect(profile.gpus[0]?.usableMemoryBytes).toBe(122880 * MiB);
    expect(profile.gpus[0]?.sources.usableMemoryBytes?.provenance).toBe('detected');
  });
});

describe('a real H100 SXM machine (recorded on a lent GPU machine)', () => {
  // fixtures/linux-h100-sxm-recorded.json holds that machine's nvidia-smi and lscpu output verbatim;
  // linux-h100-sxm-nvidia-smi-q.txt is `nvidia-smi -q` and linux-h100-sxm-detect.json what `weightplan detect --json` printed there.
  const profile = profileOf('linux-h100-sxm-recorded');
  const printed = JSON.parse(readFileSync(new URL('./fixtures/linux-h100-sxm-detect.json', import.meta.url), 'utf8'));
  const nvidiaSmiQ = readFileSync(new URL('./fixtures/linux-h100-sxm-nvidia-smi-q.txt', import.meta.url), 'utf8');

  it('agrees with nvidia-smi -q on the card, its memory, driver and bus', () => {
    const gpu = profile.gpus[0];
    expect(profile.gpus).toHaveLength(1);
    expect(nvidiaSmiQ).toMatch(new RegExp(`Product Name\\s+: ${gpu?.name}\\n`));
    expect(nvidiaSmiQ).toMatch(new RegExp(`FB Memory Usage\\s+Total\\s+: ${(gpu?.memoryBytes ?? 0) / MiB} MiB`));
    expect(nvidiaSmiQ).toMatch(new RegExp(`Driver Version\\s+: ${gpu?.driver}\\n`));
    expect(nvidiaSmiQ).toContain(`GPU ${gpu?.busId}`);
    expect(gpu?.specId).toBe('nvidia-h100-sxm5-80gb');
  });

  it('matches what the CLI printed on that machine', () => {
    expect(profile.gpus.map((g) => [g.name, g.memoryBytes, g.specId])).toEqual(
      printed.gpus.map((g: { name: string; memoryBytes: number; specId: string }) => [g.name, g.memoryBytes, g.specId]),
    );
    expect(profile.cpu).toMatchObject({ cores: printed.cpu.cores, threads: printed.cpu.threads });
    expect(profile.cpu.simd).toEqual(expect.arrayContaining(['amx_bf16', 'amx_int8', 'avx512_bf16']));
  });
});
