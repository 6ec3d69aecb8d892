import { describe, expect, it } from 'vitest';
import { nelderMead } from './nelder-mead.js';

describe('nelderMead', () => {
  it('finds the minimum of the Rosenbrock function', () => {
    const rosenbrock = ([x = 0, y = 0]: number[]) => (1 - x) ** 2 + 100 * (y - x * x) ** 2;
    const { x, value } = nelderMead(rosenbrock, [-1.2, 1], { iterations: 2000 });
    expect(value).toBeLessThan(1e-6);
    expect(x[0]).toBeCloseTo(1, 2);
    expect(x[1]).toBeCloseTo(1, 2);
  });
});
