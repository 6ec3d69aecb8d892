import { buildWhatIfProfile } from '@weightplan/hardware';
import { getPrecision } from '@weightplan/weights';
import { describe, expect, it } from 'vitest';
import { contextSteps, contextSweep } from './context-sweep.js';
import { catalogModel } from './test-support.js';

const GiB = 1024 ** 3;

describe('the context sweep', () => {
  it('steps by powers of two up to the model maximum', () => {
    expect(contextSteps(8192)).toEqual([512, 1024, 2048, 4096, 8192]);
    expect(contextSteps(131_072).at(-1)).toBe(131_072);
    expect(contextSteps(40_960).slice(-2)).toEqual([32_768, 40_960]);
  });

  it('grows the KV cache linearly and slows generation as the context fills', () => {
    const points = contextSweep({
      model: catalogModel('llama-3-8b'),
      precision: getPrecision('Q4_K_M'),
      hardware: buildWhatIfProfile({ gpu: 'RTX 4090', ramBytes: 64 * GiB }),
    });
    // 32 layers x 8 KV heads x 128 x 2 (K, V) x 2 bytes = 128 KiB per token.
    expect(points.map((p) => p.kvCacheBytes)).toEqual([0.0625, 0.125, 0.25, 0.5, 1].map((share) => share * GiB));
    for (let i = 1; i < points.length; i++) {
      expect(points[i]?.decodeTokensPerSecond ?? 0).toBeLessThan(points[i - 1]?.decodeTokensPerSecond ?? 0);
      expect(points[i]?.totalBytes ?? 0).toBeGreaterThan(points[i - 1]?.totalBytes ?? 0);
      // The prompt fills the context, so the first token comes later each step.
      expect(points[i]?.timeToFirstTokenSeconds ?? 0).toBeGreaterThan(points[i - 1]?.timeToFirstTokenSeconds ?? 0);
    }
  });
});
