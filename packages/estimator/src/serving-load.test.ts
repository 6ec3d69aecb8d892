import { describe, expect, it } from 'vitest';
import { servingLoad } from './serving-load.js';

describe('servingLoad: a server that keeps N requests in flight', () => {
  it('is single-stream generation after one prompt at N = 1', () => {
    // 0.5 s prompt, then 99 more tokens at 10 ms: 1.49 s for 100 tokens.
    const load = servingLoad({ decodeStepSeconds: 0.01, prefillSeconds: 0.5, concurrency: 1, outputTokens: 100 });
    expect(load.requestSeconds).toBeCloseTo(1.49, 12);
    expect(load.timeToFirstTokenSeconds).toBe(0.5);
    expect(load.timePerOutputTokenSeconds).toBeCloseTo(0.01, 12);
    expect(load.aggregateOutputTokensPerSecond).toBeCloseTo(100 / 1.49, 9);
  });

  it('interleaves the other N - 1 prompts into each request', () => {
    // N = 8, 20 ms steps, 0.2 s prompts, 128 tokens: 0.2 + 127 x 0.02 + 7 x 0.2 = 4.14 s per request.
    const load = servingLoad({ decodeStepSeconds: 0.02, prefillSeconds: 0.2, concurrency: 8, outputTokens: 128 });
    expect(load.requestSeconds).toBeCloseTo(4.14, 12);
    expect(load.timePerOutputTokenSeconds).toBeCloseTo((127 * 0.02 + 1.4) / 127, 12);
    expect(load.aggregateOutputTokensPerSecond).toBeCloseTo((8 * 128) / 4.14, 9);
  });

  it('charges the other prompts only what they add to a running batch when told', () => {
    // The same load, but inside the batch a prompt costs 0.05 s of arithmetic: 0.2 + 127 x 0.02 + 7 x 0.05 = 3.09 s.
    const load = servingLoad({
      decodeStepSeconds: 0.02,
      prefillSeconds: 0.2,
      interleavedPrefillSeconds: 0.05,
      concurrency: 8,
      outputTokens: 128,
    });
    expect(load.requestSeconds).toBeCloseTo(3.09, 12);
    expect(load.timeToFirstTokenSeconds).toBe(0.2);
    expect(load.aggregateOutputTokensPerSecond).toBeCloseTo((8 * 128) / 3.09, 9);
  });

  it('is pure decode throughput when prompts cost nothing', () => {
    const load = servingLoad({ decodeStepSeconds: 0.025, prefillSeconds: 0, concurrency: 32, outputTokens: 1000 });
    // 32 sequences x 40 steps per second, less the one step the first token does not take.
    expect(load.aggregateOutputTokensPerSecond).toBeCloseTo((32 * 1000) / (999 * 0.025), 9);
  });

  it('rejects what no server can run, saying what was wrong', () => {
    const ok = { decodeStepSeconds: 0.01, prefillSeconds: 0.1, concurrency: 4, outputTokens: 10 };
    expect(() => servingLoad({ ...ok, concurrency: 0 })).toThrow(/concurrency must be a whole number of requests, at least 1, got 0/);
    expect(() => servingLoad({ ...ok, outputTokens: 2.5 })).toThrow(/output must be a whole number of tokens/);
    expect(() => servingLoad({ ...ok, decodeStepSeconds: Number.NaN })).toThrow(/decode step must be a positive number of seconds/);
    expect(() => servingLoad({ ...ok, prefillSeconds: -1 })).toThrow(/prefill must be zero or more seconds/);
    expect(() => servingLoad({ ...ok, interleavedPrefillSeconds: Number.POSITIVE_INFINITY })).toThrow(/interleaved prefill must be/);
  });
});
