import { buildWhatIfProfile } from '@weightplan/hardware';
import { getPrecision } from '@weightplan/weights';
import { describe, expect, it } from 'vitest';
import { contextLimits } from './context-limits.js';
import { contextSweep } from './context-sweep.js';
import { estimate } from './estimate.js';
import { firstCrossing } from './first-crossing.js';
import { catalogModel } from './test-support.js';

const GiB = 1024 ** 3;
const onRtx3060 = {
  model: catalogModel('llama-3.1-8b'),
  hardware: buildWhatIfProfile({ gpu: 'RTX 3060', ramBytes: 32 * GiB }),
};
const fitAt = (request: Parameters<typeof estimate>[0], contextTokens: number) =>
  estimate({ ...request, contextTokens, promptTokens: contextTokens }).placement.fit;

describe('first crossing', () => {
  it('finds the smallest value past the boundary', () => {
    expect(firstCrossing(0, 100, (n) => n >= 37)).toBe(37);
    expect(firstCrossing(36, 37, (n) => n >= 37)).toBe(37);
    expect(firstCrossing(512, 65_536, (n) => n * 2 > 100_001)).toBe(50_001);
  });
});

describe('context limits', () => {
  it('llama.cpp on a 12 GB card: the exact context between the sweep’s powers of two where the KV cache spills to RAM', () => {
    const request = { ...onRtx3060, precision: getPrecision('Q4_K_M') };
    const curve = contextSweep(request);
    const limits = contextLimits(request, curve);
    // The sweep fits at 32k and offloads at 64k; the spill lies between, and exactly there.
    expect(curve.find((p) => p.contextTokens === 32_768)?.fit).toMatch(/fits|tight/);
    expect(curve.find((p) => p.contextTokens === 65_536)?.fit).toBe('offload');
    const spill = limits.spillsToCpuFromTokens ?? 0;
    expect(spill).toBeGreaterThan(32_768);
    expect(spill).toBeLessThanOrEqual(65_536);
    expect(fitAt(request, spill)).toBe('offload');
    expect(fitAt(request, spill - 1)).toMatch(/fits|tight/);
    // 32 GB of RAM holds the rest at the model's full 128k context.
    expect(limits.stopsFittingFromTokens).toBeNull();
  });

  it('vLLM cannot offload: no spill, but the context from which it stops fitting', () => {
    const request = { ...onRtx3060, precision: getPrecision('AWQ-INT4'), runtime: 'vllm' as const };
    const limits = contextLimits(request, contextSweep(request));
    expect(limits.spillsToCpuFromTokens).toBeNull();
    const noFit = limits.stopsFittingFromTokens ?? 0;
    expect(noFit).toBeGreaterThan(512);
    expect(fitAt(request, noFit)).toBe('no-fit');
    expect(fitAt(request, noFit - 1)).not.toBe('no-fit');
  });

  it('a plan that stays on the GPU at every context has no limits', () => {
    const request = {
      model: catalogModel('llama-3-8b'),
      precision: getPrecision('Q4_K_M'),
      hardware: buildWhatIfProfile({ gpu: 'RTX 4090', ramBytes: 64 * GiB }),
    };
    expect(contextLimits(request, contextSweep(request))).toEqual({ spillsToCpuFromTokens: null, stopsFittingFromTokens: null });
  });
});
