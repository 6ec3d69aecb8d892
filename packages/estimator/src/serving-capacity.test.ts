import { buildWhatIfProfile } from '@weightplan/hardware';
import { getPrecision } from '@weightplan/weights';
import { describe, expect, it } from 'vitest';
import { estimate, prepareSpeedProbe, probeServingSeconds } from './estimate.js';
import { servingCapacity } from './serving-capacity.js';
import { servingLoad } from './serving-load.js';
import { SPEED_CONSTANTS } from './speed-table.js';
import { catalogModel } from './test-support.js';

const GiB = 1024 ** 3;

describe('serving capacity', () => {
  it('vLLM: sequences that fit the KV budget gpu_memory_utilization leaves, and throughput up to them', () => {
    const capacity = servingCapacity({
      model: catalogModel('llama-3-8b'),
      precision: getPrecision('FP8'),
      hardware: buildWhatIfProfile({ gpu: 'H100 SXM', ramBytes: 256 * GiB }),
      runtime: 'vllm',
      contextTokens: 4096,
    });
    // 4,096 tokens x 128 KiB per token (32 layers x 8 KV heads x 128 x 2 x 2 bytes) = 512 MiB per sequence.
    expect(capacity.kvBytesPerSequence).toBe(0.5 * GiB);
    expect(capacity.maxSequences).toBe(Math.floor(capacity.kvBudgetBytes / (0.5 * GiB)));
    expect(capacity.maxSequences).toBeGreaterThan(80);
    expect(capacity.curve.map((p) => p.concurrency)).toEqual([1, 2, 4, 8, 16, 32, 64, capacity.maxSequences]);
    // Batching shares one read of the weights: aggregate throughput grows with every doubling.
    for (let i = 1; i < capacity.curve.length; i++)
      expect(capacity.curve[i]?.aggregateTokensPerSecond ?? 0).toBeGreaterThan(capacity.curve[i - 1]?.aggregateTokensPerSecond ?? 0);
    expect(capacity.curve.every((p) => p.fit !== 'no-fit')).toBe(true);
    // One more sequence would not fit at 90% utilisation.
    expect(capacity.kvBudgetBytes - capacity.maxSequences * capacity.kvBytesPerSequence).toBeLessThan(capacity.kvBytesPerSequence);
  });

  it('llama.cpp on a 24 GB card: fewer, longer sequences, and the knee where doubling stops paying', () => {
    const capacity = servingCapacity({
      model: catalogModel('llama-3-8b'),
      precision: getPrecision('Q4_K_M'),
      hardware: buildWhatIfProfile({ gpu: 'RTX 4090', ramBytes: 64 * GiB }),
      contextTokens: 8192,
    });
    expect(capacity.runtime).toBe('llama.cpp');
    expect(capacity.kvBytesPerSequence).toBe(GiB);
    expect(capacity.maxSequences).toBeGreaterThan(10);
    expect(capacity.maxSequences).toBeLessThan(24);
    expect(capacity.kneeConcurrency).not.toBeNull();
    // One sequence more than the KV budget holds spills layers to system RAM: that is where the chart marks it.
    const spill = capacity.leavesGpuAt;
    expect(spill?.fit).toBe('offload');
    expect(spill?.concurrency).toBeGreaterThan(capacity.maxSequences);
    const fitAt = (concurrency: number) =>
      estimate({
        model: catalogModel('llama-3-8b'),
        precision: getPrecision('Q4_K_M'),
        hardware: buildWhatIfProfile({ gpu: 'RTX 4090', ramBytes: 64 * GiB }),
        contextTokens: 8192,
        concurrency,
      }).placement.fit;
    expect(fitAt(spill?.concurrency ?? 0)).toBe('offload');
    expect(fitAt((spill?.concurrency ?? 0) - 1)).toMatch(/fits|tight/);
  });

  it('marks no spill when every concurrency up to the limit stays on the GPUs', () => {
    const capacity = servingCapacity(
      {
        model: catalogModel('llama-3-8b'),
        precision: getPrecision('Q4_K_M'),
        hardware: buildWhatIfProfile({ gpu: 'H100 SXM', ramBytes: 256 * GiB }),
        contextTokens: 1024,
      },
      8,
    );
    expect(capacity.leavesGpuAt).toBeNull();
  });

  it('says so when not one sequence fits beside the weights', () => {
    const capacity = servingCapacity({
      model: catalogModel('llama-3-70b'),
      precision: getPrecision('Q4_K_M'),
      hardware: buildWhatIfProfile({ gpu: 'RTX 4090', ramBytes: 64 * GiB }),
      contextTokens: 8192,
    });
    expect(capacity.maxSequences).toBe(0);
    expect(capacity.leavesGpuAt).toEqual({ concurrency: 1, fit: 'offload' });
    expect(capacity.notes).toContain('not even one sequence of this context fits beside the weights');
  });

  it('with an output length, each point also serves the prompts: throughput below pure decode, by servingLoad', () => {
    const request = {
      model: catalogModel('llama-3-8b'),
      precision: getPrecision('F16'),
      hardware: buildWhatIfProfile({ gpu: 'H100 SXM', ramBytes: 256 * GiB }),
      runtime: 'vllm' as const,
      contextTokens: 4096,
      promptTokens: 2048,
    };
    const capacity = servingCapacity(request, 64, 512);
    const at16 = capacity.curve.find((p) => p.concurrency === 16);
    const e = estimate({ ...request, concurrency: 16 });
    const t = e.throughput;
    if (!at16 || !t) throw new Error('expected a point at 16 sequences');
    const seconds = probeServingSeconds(prepareSpeedProbe({ ...request, concurrency: 16 }), SPEED_CONSTANTS);
    // The probe times the same step and prompt as the estimate; a prompt inside the batch costs less than alone.
    expect(seconds.decodeStepSeconds).toBeCloseTo(1 / t.decodeTokensPerSecond, 9);
    expect(seconds.prefillSeconds).toBeCloseTo(2048 / t.prefillTokensPerSecond, 9);
    expect(seconds.interleavedPrefillSeconds).toBeLessThan(seconds.prefillSeconds);
    expect(seconds.interleavedPrefillSeconds).toBeGreaterThan(0);
    const expected = servingLoad({ ...seconds, concurrency: 16, outputTokens: 512 }).aggregateOutputTokensPerSecond;
    expect(at16.servedTokensPerSecond).toBeCloseTo(expected, 9);
    expect(at16.servedTokensPerSecond ?? 0).toBeLessThan(at16.aggregateTokensPerSecond ?? 0);
    // Without an output length there is nothing to serve.
    expect(servingCapacity(request, 64).curve.every((p) => p.servedTokensPerSecond === null)).toBe(true);
  });
});
