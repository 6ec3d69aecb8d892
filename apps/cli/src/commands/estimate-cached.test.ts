import { describe, expect, it } from 'vitest';
import { cli } from '../testing/cli-harness.js';

/** One turn of a long chat on an RTX 4090: a 512-token message after the conversation so far. */
const turn = (cachedTokens?: string) => [
  'estimate',
  '--model',
  'llama-3.1-8b',
  '--precision',
  'Q4_K_M',
  '--gpu',
  'RTX 4090',
  '--context',
  '32k',
  '--prompt-tokens',
  '512',
  ...(cachedTokens === undefined ? [] : ['--cached-tokens', cachedTokens]),
  '--json',
];

describe('weightplan estimate --cached-tokens (a prompt after a long conversation)', () => {
  it('processes the prompt more slowly and answers later the more is cached, and says what was cached', async () => {
    const speeds = [];
    for (const cached of ['0', '4k', '24k']) {
      const { code, out, err } = await cli(turn(cached));
      expect(err).toBe('');
      expect(code).toBe(0);
      const e = JSON.parse(out) as {
        scenario: { cachedPromptTokens?: number };
        throughput: { prefillTokensPerSecond: number; timeToFirstTokenSeconds: number };
      };
      speeds.push({ cached: e.scenario.cachedPromptTokens ?? 0, ...e.throughput });
    }
    expect(speeds.map((s) => s.cached)).toEqual([0, 4096, 24_576]);
    expect(speeds[1]?.prefillTokensPerSecond).toBeLessThan(speeds[0]?.prefillTokensPerSecond ?? 0);
    expect(speeds[2]?.prefillTokensPerSecond).toBeLessThan(speeds[1]?.prefillTokensPerSecond ?? 0);
    expect(speeds[2]?.timeToFirstTokenSeconds).toBeGreaterThan(speeds[0]?.timeToFirstTokenSeconds ?? Number.POSITIVE_INFINITY);

    const text = await cli(turn('24k').filter((arg) => arg !== '--json'));
    expect(text.out).toMatch(/Time to first token: .* for a 512-token prompt after 24,576 cached tokens/);
  });

  it('refuses a negative or non-numeric count, naming the flag', async () => {
    for (const bad of ['-5', 'lots']) {
      const { code, err } = await cli(turn(bad));
      expect(code).toBe(2);
      expect(err).toMatch(/--cached-tokens/);
    }
  });
});
