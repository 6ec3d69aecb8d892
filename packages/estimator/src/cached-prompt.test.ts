import { buildWhatIfProfile } from '@weightplan/hardware';
import { getPrecision } from '@weightplan/weights';
import { describe, expect, it } from 'vitest';
import { estimate } from './estimate.js';
import { catalogModel } from './test-support.js';

const GiB = 1024 ** 3;

function run(cachedPromptTokens?: number, contextTokens = 20_000) {
  return estimate({
    model: catalogModel('llama-3-8b'),
    precision: getPrecision('Q4_K_M'),
    hardware: buildWhatIfProfile({ gpu: 'RTX 4090', ramBytes: 64 * GiB }),
    contextTokens,
    promptTokens: 2048,
    ...(cachedPromptTokens === undefined ? {} : { cachedPromptTokens }),
  });
}

/** Seconds to prefill the 2048-token prompt. */
function prefillSeconds(e: ReturnType<typeof estimate>): number {
  const tps = e.throughput?.prefillTokensPerSecond;
  if (!tps) throw new Error('no throughput');
  return 2048 / tps;
}

describe('estimate: a prompt that follows tokens already in the cache (llama-bench -d)', () => {
  it('is the empty-cache prompt when nothing is cached', () => {
    expect(run(0).throughput).toEqual(run().throughput);
  });

  it('prefills slower as the cache grows, by attention work linear in the cached tokens', () => {
    const empty = prefillSeconds(run(0));
    const half = prefillSeconds(run(8192));
    const full = prefillSeconds(run(16_384));
    expect(half).toBeGreaterThan(empty);
    // Each prompt token attends over every cached token: the extra time doubles with the cache.
    expect((full - empty) / (half - empty)).toBeCloseTo(2, 5);
  });

  it('leaves generation speed alone: it depends on the context, not on what was cached', () => {
    expect(run(16_384).throughput?.decodeTokensPerSecond).toBe(run(0).throughput?.decodeTokensPerSecond);
  });

  it('warns when the cached tokens and the prompt overflow the context, and rejects a negative count', () => {
    expect(run(19_000).warnings.join(' ')).toMatch(/19000 cached tokens and a 2048-token prompt overflow the 20000-token context/);
    expect(() => run(-1)).toThrow(/cachedPromptTokens must be a number from 0 to 16777216, got -1/);
  });
});
