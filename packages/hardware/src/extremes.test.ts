import { describe, expect, it } from 'vitest';
import { maxOf, minOf } from './extremes.js';

describe('minOf and maxOf', () => {
  it('agree with Math.min and Math.max on short lists, NaN included', () => {
    expect(minOf([3, 1, 2])).toBe(1);
    expect(maxOf([3, 1, 2])).toBe(3);
    expect(minOf([1, Number.NaN, 0])).toBeNaN();
    expect(maxOf([Number.NaN, 5])).toBeNaN();
    expect(minOf([])).toBe(Number.POSITIVE_INFINITY);
    expect(maxOf([], 0)).toBe(0);
  });

  it('stack overflow: handle a million values, where spreading them into Math.min throws', () => {
    const values = Array.from({ length: 1_000_000 }, (_, i) => (i * 7919) % 1_000_003);
    expect(() => Math.min(...values)).toThrow(RangeError);
    expect(minOf(values)).toBe(0);
    expect(maxOf(values)).toBe(values.toSorted((a, b) => a - b).at(-1));
  });
});
