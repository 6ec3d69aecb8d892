import { buildWhatIfProfile } from '@weightplan/hardware';
import { getPrecision } from '@weightplan/weights';
import { describe, expect, it } from 'vitest';
import { type EstimateRequest, estimate } from './estimate.js';
import { DEFAULT_SPEED_CONSTANTS, type SpeedTable } from './speed-table.js';
import { catalogModel } from './test-support.js';

const GiB = 1024 ** 3;

// Hand-set constants so the arithmetic below can be done on paper: half the bandwidth reached, the same
// share of the FP16 peak for every format, no power limit.
const cuda = DEFAULT_SPEED_CONSTANTS.cuda;
if (!cuda) throw new Error('no CUDA defaults');
const TABLE: SpeedTable = {
  ...DEFAULT_SPEED_CONSTANTS,
  vulkan: {
    ...cuda,
    weightBandwidthEfficiency: 0.5,
    prefillFlopsPerWatt: Number.POSITIVE_INFINITY,
    prefillEfficiency: { default: 0.4, f16: 0.4, kquant: 0.4, legacy: 0.4 },
  },
};

function tps(e: ReturnType<typeof estimate>): number {
  if (!e.throughput) throw new Error('no throughput in the estimate');
  return e.throughput.prefillTokensPerSecond;
}

function prefillSeconds(precision: string, extra: Partial<EstimateRequest>): number {
  const e = tps(
    estimate({
      model: catalogModel('meta-llama/Meta-Llama-3-8B-Instruct'),
      precision: getPrecision(precision),
      hardware: buildWhatIfProfile({ gpu: 'NVIDIA GeForce RTX 4090', ramBytes: 64 * GiB }),
      contextTokens: 512,
      promptTokens: 512,
      ...extra,
    }),
  );
  return 512 / e;
}

describe('prefill: dequantise + BLAS against fused quantised kernels', () => {
  it('adds, per micro-batch, the time to write every layer weight out as FP16 at the reached bandwidth', () => {
    // Llama 3 8B, per layer: q and o 4096 x 4096, k and v 4096 x 1024, gate/up/down 4096 x 14336, two
    // 4096 norms = 218,112,000 weights; x 32 layers = 6,979,584,000; x 2 bytes = 13.959 GB. At 1008 GB/s x
    // 0.5 that is 27.70 ms for the one 512-token micro-batch. The FP16 rate equals the Q4_K_M rate here
    // (same share of the same peak on Vulkan), so the write is the whole difference.
    const common = { backend: 'vulkan' as const, speedTable: TABLE, flashAttention: true };
    const fused = prefillSeconds('Q4_K_M', { ...common, quantizedMatmul: 'fused' });
    const dequantized = prefillSeconds('Q4_K_M', { ...common, quantizedMatmul: 'dequantize' });
    expect((dequantized - fused) * 1000).toBeCloseTo((13_959_168_000 / (1008e9 * 0.5)) * 1000, 1);
  });

  it('changes nothing for F16 weights, which BLAS multiplies as they are', () => {
    const common = { backend: 'vulkan' as const, speedTable: TABLE };
    expect(prefillSeconds('F16', { ...common, quantizedMatmul: 'dequantize' })).toBe(
      prefillSeconds('F16', { ...common, quantizedMatmul: 'fused' }),
    );
  });

  it('pays the write twice for a prompt of two micro-batches', () => {
    const common = { backend: 'vulkan' as const, speedTable: TABLE, contextTokens: 1024, promptTokens: 1024 };
    const e = (path: 'fused' | 'dequantize') =>
      1024 /
      tps(
        estimate({
          model: catalogModel('meta-llama/Meta-Llama-3-8B-Instruct'),
          precision: getPrecision('Q4_K_M'),
          hardware: buildWhatIfProfile({ gpu: 'NVIDIA GeForce RTX 4090', ramBytes: 64 * GiB }),
          ...common,
          quantizedMatmul: path,
        }),
      );
    expect((e('dequantize') - e('fused')) * 1000).toBeCloseTo(((2 * 13_959_168_000) / (1008e9 * 0.5)) * 1000, 1);
  });

  it('defaults to dequantise + BLAS on ROCm and to fused kernels on CUDA', () => {
    const amd = (extra: Partial<EstimateRequest>) =>
      tps(
        estimate({
          model: catalogModel('meta-llama/Meta-Llama-3-8B-Instruct'),
          precision: getPrecision('Q4_K_M'),
          hardware: buildWhatIfProfile({ gpu: 'AMD Radeon RX 7900 XTX', ramBytes: 64 * GiB }),
          promptTokens: 512,
          ...extra,
        }),
      );
    expect(amd({})).toBe(amd({ quantizedMatmul: 'dequantize' }));
    expect(amd({})).not.toBe(amd({ quantizedMatmul: 'fused' }));
    const nvidia = (extra: Partial<EstimateRequest>) =>
      tps(
        estimate({
          model: catalogModel('meta-llama/Meta-Llama-3-8B-Instruct'),
          precision: getPrecision('Q4_K_M'),
          hardware: buildWhatIfProfile({ gpu: 'NVIDIA GeForce RTX 4090', ramBytes: 64 * GiB }),
          promptTokens: 512,
          ...extra,
        }),
      );
    expect(nvidia({})).toBe(nvidia({ quantizedMatmul: 'fused' }));
  });

  it('rejects an unknown path with the accepted values', () => {
    expect(() => prefillSeconds('Q4_K_M', { quantizedMatmul: 'cublas' as never })).toThrow(
      'quantizedMatmul must be "fused" or "dequantize", got "cublas"',
    );
  });
});
