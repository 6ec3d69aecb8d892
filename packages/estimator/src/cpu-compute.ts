import type { CpuInfo } from '@weightplan/hardware';

/** What the CPU can compute with the threads llama.cpp uses. */
export interface CpuCompute {
  /** llama.cpp's default thread count: one per physical core (hyperthreads share the vector units). */
  threads: number;
  clockHz: number;
  /** True when the OS reported no clock (most VMs) and 3 GHz was assumed. */
  clockAssumed: boolean;
  /** Peak FP32 FLOP per cycle per core: FMA units x lanes x 2. */
  fp32FlopsPerCyclePerCore: number;
  /** "AVX-512 on 256-bit datapaths (Zen 4)": shown with the speed basis. */
  datapath: string;
  peakFp32FlopsPerSecond: number;
}

/** When the OS reports no clock: a typical all-core clock under vector load for desktop and server parts. */
const ASSUMED_CLOCK_GHZ = 3;

/**
 * Peak FP32 FLOP per cycle per core from the SIMD flags and the core generation. The flag alone does not
 * give the width: Zen 4 (and Zen 5 in laptops) execute AVX-512 on two 256-bit FMA pipes, as many FLOPs
 * per cycle as AVX2 (AMD, "Software Optimization Guide for the AMD Zen4 Microarchitecture", 2.11); Intel's
 * server cores (Skylake-SP and later, Xeon Gold/Platinum) and desktop/server Zen 5 have two 512-bit FMA
 * units (64); Intel's AVX-512 client cores have one (32). Apple's P-cores have four 128-bit NEON FMA pipes
 * (32), as do Arm Neoverse V cores with SVE; other Arm cores two (16). AVX without FMA: 16; SSE only: 8.
 */
function fp32FlopsPerCycle(cpu: CpuInfo): { perCycle: number; datapath: string } {
  const simd = new Set(cpu.simd.map((flag) => flag.toLowerCase()));
  const arch = cpu.microarchitecture;
  if (simd.has('avx512f')) {
    if (arch === 'zen4' || arch === 'zen5-mobile') return { perCycle: 32, datapath: `AVX-512 on 256-bit datapaths (${arch})` };
    if (arch === 'intel-client') return { perCycle: 32, datapath: 'AVX-512, one 512-bit FMA unit (Intel client core)' };
    if (arch === 'intel-server' || arch === 'zen5') {
      const amx = simd.has('amx_int8') || simd.has('amx_bf16') || simd.has('amx_tile') ? ' and AMX' : '';
      return { perCycle: 64, datapath: `AVX-512, two 512-bit FMA units${amx} (${arch})` };
    }
    // An AVX-512 part of unknown generation: the narrower datapath, so speed is not overstated.
    return { perCycle: 32, datapath: 'AVX-512 (datapath width unknown: 256-bit assumed)' };
  }
  if (simd.has('avx2')) return { perCycle: 32, datapath: 'AVX2, two 256-bit FMA units' };
  if (simd.has('avx')) return { perCycle: 16, datapath: 'AVX without FMA' };
  if (simd.has('neon') || simd.has('asimd')) {
    if (arch === 'apple-m') return { perCycle: 32, datapath: 'NEON, four 128-bit FMA pipes (Apple M)' };
    if (simd.has('sve') || simd.has('sve2')) return { perCycle: 32, datapath: 'NEON/SVE, four 128-bit FMA pipes (Neoverse V)' };
    return { perCycle: 16, datapath: 'NEON, two 128-bit FMA pipes' };
  }
  return { perCycle: 8, datapath: 'SSE only' };
}

export function cpuCompute(cpu: CpuInfo): CpuCompute {
  const { perCycle, datapath } = fp32FlopsPerCycle(cpu);
  const clockAssumed = cpu.clockGHz === undefined;
  const clockHz = (cpu.clockGHz ?? ASSUMED_CLOCK_GHZ) * 1e9;
  const threads = cpu.cores;
  return {
    threads,
    clockHz,
    clockAssumed,
    fp32FlopsPerCyclePerCore: perCycle,
    datapath,
    peakFp32FlopsPerSecond: threads * clockHz * perCycle,
  };
}
