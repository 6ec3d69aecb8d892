import { describe, expect, it } from 'vitest';
import { logTicks } from './log-ticks.js';

describe('logTicks', () => {
  it('covers the range at 1-2-5 steps, one tick at or past each end', () => {
    expect(logTicks(1.6, 17)).toEqual([1, 2, 5, 10, 20]);
    expect(logTicks(0.04, 0.9)).toEqual([0.02, 0.05, 0.1, 0.2, 0.5, 1]);
    expect(logTicks(2, 2)).toEqual([2]);
    expect(logTicks(0.3, 450)).toEqual([0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500]);
  });

  it('takes powers of ten alone for a range of many decades', () => {
    expect(logTicks(0.14, 7875, [1])).toEqual([0.1, 1, 10, 100, 1000, 10_000]);
  });

  it('gives no ticks for a range a log axis cannot show', () => {
    expect(logTicks(0, 10)).toEqual([]);
    expect(logTicks(Number.NaN, 10)).toEqual([]);
  });
});
