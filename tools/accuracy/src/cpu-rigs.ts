import { type HardwareProfile, HardwareProfileSchema } from '@weightplan/hardware';

const GiB = 1024 ** 3;

/** A CPU that ran calibration rows, as `detect` would describe it, with where each figure comes from. */
interface CpuRig {
  model: string;
  vendor: string;
  microarchitecture: NonNullable<HardwareProfile['cpu']['microarchitecture']>;
  simd: string[];
  /** Maximum boost clock from the vendor's spec page; absent where the machine reports none (a VM). */
  clockGHz?: number;
  ramBytes: number;
  bandwidthBytesPerSecond: number;
  bandwidthBasis: HardwareProfile['memory']['bandwidthBasis'];
  /** Where the clock, SIMD and memory figures come from, and what was assumed. */
  source: string;
}

const ZEN4_SIMD = ['avx', 'avx2', 'fma', 'f16c', 'avx512f', 'avx512_vnni', 'avx512_bf16'];

/** Keyed by the `hardware` column of the CPU rows in throughput.csv. */
export const CPU_RIGS: Readonly<Record<string, CpuRig>> = {
  'AMD EPYC Zen 4 VM (2 vCPU)': {
    model: 'AMD EPYC',
    vendor: 'AMD',
    microarchitecture: 'zen4',
    simd: ZEN4_SIMD,
    ramBytes: 24 * GiB,
    // What `detect` reports there: the guest cannot read the memory layout, so dual-channel DDR4-3200.
    bandwidthBytesPerSecond: 2 * 3200e6 * 8,
    bandwidthBasis: 'assumed',
    source: 'read on the VM itself (lscpu: family 25 model 17, AVX-512 flags; systeminformation reports no clock)',
  },
  'AMD Ryzen 9 7950X': {
    model: 'AMD Ryzen 9 7950X',
    vendor: 'AMD',
    microarchitecture: 'zen4',
    simd: ZEN4_SIMD,
    clockGHz: 5.7,
    ramBytes: 64 * GiB,
    // The source does not say; AMD's rated maximum, two channels of DDR5-5200.
    bandwidthBytesPerSecond: 2 * 5200e6 * 8,
    bandwidthBasis: 'user',
    source: 'https://www.amd.com/en/products/processors/desktops/ryzen/7000-series/amd-ryzen-9-7950x.html',
  },
  'AMD Ryzen Threadripper PRO 5975WX': {
    model: 'AMD Ryzen Threadripper PRO 5975WX',
    vendor: 'AMD',
    microarchitecture: 'zen3',
    simd: ['avx', 'avx2', 'fma', 'f16c'],
    clockGHz: 4.5,
    ramBytes: 128 * GiB,
    // The source does not say; the platform's eight channels of DDR4-3200.
    bandwidthBytesPerSecond: 8 * 3200e6 * 8,
    bandwidthBasis: 'user',
    source: 'https://www.amd.com/en/products/processors/workstations/ryzen-threadripper.html',
  },
  'AMD EPYC 9274F': {
    model: 'AMD EPYC 9274F',
    vendor: 'AMD',
    microarchitecture: 'zen4',
    simd: ZEN4_SIMD,
    clockGHz: 4.3,
    ramBytes: 384 * GiB,
    // The source's own figure: twelve channels of DDR5-4800, 460.8 GB/s (its "MBW" column).
    bandwidthBytesPerSecond: 12 * 4800e6 * 8,
    bandwidthBasis: 'user',
    source: 'https://www.amd.com/en/products/processors/server/epyc/4th-generation-9004-and-8004-series/amd-epyc-9274f.html',
  },
  'AMD EPYC 9374F': {
    model: 'AMD EPYC 9374F',
    vendor: 'AMD',
    microarchitecture: 'zen4',
    simd: ZEN4_SIMD,
    clockGHz: 4.3,
    ramBytes: 384 * GiB,
    // The source does not say; the SP5 platform's twelve channels of DDR5-4800, all populated.
    bandwidthBytesPerSecond: 12 * 4800e6 * 8,
    bandwidthBasis: 'user',
    source: 'https://www.amd.com/en/products/processors/server/epyc/4th-generation-9004-and-8004-series/amd-epyc-9374f.html',
  },
  'Apple M2 Max (CPU)': {
    model: 'Apple M2 Max',
    vendor: 'Apple',
    microarchitecture: 'apple-m',
    simd: ['neon', 'dotprod'],
    clockGHz: 3.7,
    ramBytes: 64 * GiB,
    bandwidthBytesPerSecond: 400e9,
    bandwidthBasis: 'spec-db',
    source: 'https://www.apple.com/newsroom/2023/01/apple-unveils-m2-pro-and-m2-max-next-generation-chips-for-next-level-workflows/',
  },
};

/** A CPU-only profile of `hardware` running `threads` threads (llama.cpp's `-t`: one per core it uses). */
export function cpuRigProfile(hardware: string, threads: number): HardwareProfile {
  const rig = CPU_RIGS[hardware];
  if (!rig) throw new Error(`CPU "${hardware}" has no entry in CPU_RIGS (tools/accuracy/src/cpu-rigs.ts)`);
  return HardwareProfileSchema.parse({
    origin: 'user',
    label: `${rig.model}, ${threads} threads`,
    cpu: {
      model: rig.model,
      vendor: rig.vendor,
      cores: threads,
      threads,
      simd: rig.simd,
      microarchitecture: rig.microarchitecture,
      ...(rig.clockGHz !== undefined ? { clockGHz: rig.clockGHz } : {}),
    },
    memory: {
      totalBytes: rig.ramBytes,
      availableBytes: rig.ramBytes * 0.9,
      bandwidthBytesPerSecond: rig.bandwidthBytesPerSecond,
      bandwidthBasis: rig.bandwidthBasis,
    },
    gpus: [],
  });
}
