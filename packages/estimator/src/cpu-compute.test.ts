import { type CpuInfo, HardwareProfileSchema } from '@weightplan/hardware';
import { describe, expect, it } from 'vitest';
import { cpuCompute } from './cpu-compute.js';
import { computeDevices, streamingBandwidth } from './devices.js';

const cpu = (overrides: Partial<CpuInfo>): CpuInfo => ({ model: 'test CPU', cores: 8, threads: 16, simd: [], sources: {}, ...overrides });

describe('cpuCompute: peak FP32 FLOP per cycle per core', () => {
  it('counts AVX-512 on Zen 4 as 256-bit datapaths, like AVX2, and Intel server cores as two 512-bit units', () => {
    const avx512 = ['avx2', 'fma', 'avx512f'];
    expect(cpuCompute(cpu({ simd: avx512, microarchitecture: 'zen4' })).fp32FlopsPerCyclePerCore).toBe(32);
    expect(cpuCompute(cpu({ simd: avx512, microarchitecture: 'intel-server' })).fp32FlopsPerCyclePerCore).toBe(64);
    expect(cpuCompute(cpu({ simd: avx512, microarchitecture: 'zen5' })).fp32FlopsPerCyclePerCore).toBe(64);
    expect(cpuCompute(cpu({ simd: avx512, microarchitecture: 'zen5-mobile' })).fp32FlopsPerCyclePerCore).toBe(32);
    // Unknown generation: the narrower datapath, so speed is not overstated.
    expect(cpuCompute(cpu({ simd: avx512 })).fp32FlopsPerCyclePerCore).toBe(32);
    expect(cpuCompute(cpu({ simd: ['avx2', 'fma'] })).fp32FlopsPerCyclePerCore).toBe(32);
    expect(cpuCompute(cpu({ simd: ['avx'] })).fp32FlopsPerCyclePerCore).toBe(16);
  });

  it('gives Apple M cores four NEON pipes and other Arm cores two', () => {
    expect(cpuCompute(cpu({ simd: ['neon'], microarchitecture: 'apple-m' })).fp32FlopsPerCyclePerCore).toBe(32);
    expect(cpuCompute(cpu({ simd: ['neon'] })).fp32FlopsPerCyclePerCore).toBe(16);
    expect(cpuCompute(cpu({ simd: ['neon', 'sve'] })).fp32FlopsPerCyclePerCore).toBe(32);
  });

  it('runs one thread per physical core at the reported clock, or 3 GHz said to be assumed', () => {
    const vm = cpuCompute(cpu({ cores: 2, threads: 2, simd: ['avx2', 'avx512f'], microarchitecture: 'zen4' }));
    expect(vm).toMatchObject({ threads: 2, clockHz: 3e9, clockAssumed: true });
    // Two Zen 4 cores at 3 GHz: 2 x 3e9 x 32 = 192 GFLOP/s.
    expect(vm.peakFp32FlopsPerSecond).toBe(192e9);
    const desktop = cpuCompute(cpu({ cores: 16, threads: 32, simd: ['avx2'], clockGHz: 5 }));
    expect(desktop).toMatchObject({ threads: 16, clockHz: 5e9, clockAssumed: false });
  });
});

describe('streamingBandwidth on a CPU', () => {
  const profile = (cores: number, bandwidthBytesPerSecond: number, basis: 'layout' | 'measured') =>
    HardwareProfileSchema.parse({
      origin: 'user',
      label: 'test',
      cpu: { model: 'test', cores, threads: cores, simd: ['avx2'] },
      memory: { totalBytes: 64e9, availableBytes: 60e9, bandwidthBytesPerSecond, bandwidthBasis: basis },
      gpus: [],
    });
  const cpuDevice = (p: ReturnType<typeof profile>) => {
    const device = computeDevices(p, 'llama.cpp').find((d) => d.kind === 'cpu');
    if (!device) throw new Error('no CPU device');
    return device;
  };

  it('is limited by what its threads can pull, far below the DIMMs on a small VM', () => {
    const two = cpuDevice(profile(2, 460e9, 'layout'));
    const sixtyFour = cpuDevice(profile(64, 460e9, 'layout'));
    const perCore = two.constants.perCoreBandwidthBytesPerSecond ?? 0;
    expect(streamingBandwidth(two)).toBeCloseTo(2 * perCore);
    expect(streamingBandwidth(two)).toBeLessThan(0.3 * 460e9);
    expect(streamingBandwidth(sixtyFour)).toBeCloseTo(460e9 * sixtyFour.constants.weightBandwidthEfficiency);
  });

  it('does not apply the peak efficiency again to a measured bandwidth', () => {
    const measured = cpuDevice(profile(16, 60e9, 'measured'));
    const layout = cpuDevice(profile(16, 60e9, 'layout'));
    expect(measured.bandwidthMeasured).toBe(true);
    expect(streamingBandwidth(measured)).toBeCloseTo(60e9 * (measured.constants.measuredBandwidthEfficiency ?? 1));
    expect(streamingBandwidth(measured)).toBeGreaterThan(streamingBandwidth(layout));
  });
});
