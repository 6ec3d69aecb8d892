import { describe, expect, it } from 'vitest';
import { parseTokenCount } from './parse-token-count.js';

describe('parseTokenCount', () => {
  it('reads K, M, B and T suffixes in either case, decimals, separators and exponents', () => {
    expect(parseTokenCount('300M')).toEqual({ ok: true, tokens: 300e6 });
    expect(parseTokenCount('1.5B')).toEqual({ ok: true, tokens: 1.5e9 });
    expect(parseTokenCount(' 250k ')).toEqual({ ok: true, tokens: 250e3 });
    expect(parseTokenCount('2 t')).toEqual({ ok: true, tokens: 2e12 });
    expect(parseTokenCount('2,000,000')).toEqual({ ok: true, tokens: 2e6 });
    expect(parseTokenCount('1e9')).toEqual({ ok: true, tokens: 1e9 });
    expect(parseTokenCount('.5m')).toEqual({ ok: true, tokens: 500_000 });
    expect(parseTokenCount('42')).toEqual({ ok: true, tokens: 42 });
  });

  it('refuses words, negatives, zero, empty input and unknown suffixes with a sentence saying what is accepted', () => {
    for (const bad of ['abc', '-5', '0', '', '10x', '1.2.3', '5 MB', 'M']) {
      const result = parseTokenCount(bad);
      expect(result.ok, bad).toBe(false);
      if (!result.ok) expect(result.error).toMatch(/positive number of tokens, e\.g\. 300M, 1\.5B or 250K/);
    }
    expect(parseTokenCount('abc')).toEqual({ ok: false, error: '“abc” is not a positive number of tokens, e.g. 300M, 1.5B or 250K.' });
  });

  it('refuses more than the compare API accepts', () => {
    expect(parseTokenCount('1000T').ok).toBe(true);
    expect(parseTokenCount('1001T')).toEqual({ ok: false, error: '“1001T” is more than the 1000T tokens a month this compares.' });
  });
});
