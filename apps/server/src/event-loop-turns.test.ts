import { describe, expect, it } from 'vitest';
import { EventLoopTurns } from './event-loop-turns.js';

/** Holds the event loop for `ms`, as an estimate or a 95 KB GPU list does for 1 to 3 ms. */
const block = (ms: number) => {
  const end = performance.now() + ms;
  while (performance.now() < end);
};

describe('main-thread calls take turns with the event loop', () => {
  it('lets I/O that arrived behind a crowd of calls in after the first of them, not after the lot', async () => {
    const turns = new EventLoopTurns();
    const order: string[] = [];
    const call = async (name: string) => {
      await turns.take();
      block(3);
      order.push(name);
    };
    // 20 calls ready at once, as 20 requests read in one poll phase; then a health check's callback.
    const calls = Array.from({ length: 20 }, (_, i) => call(`call ${i}`));
    setImmediate(() => order.push('health check'));
    await Promise.all(calls);
    expect(order.indexOf('health check')).toBeLessThanOrEqual(1);
    expect(order.filter((name) => name !== 'health check')).toEqual(Array.from({ length: 20 }, (_, i) => `call ${i}`));
  });

  it('gives a timer that fell due its turn between two calls', async () => {
    const turns = new EventLoopTurns();
    let callsBeforeTimer = -1;
    let done = 0;
    const calls = Array.from({ length: 30 }, async (_, i) => {
      await turns.take();
      // The first call sets a timer and then computes past its due time, as a request arriving mid-call.
      if (i === 0)
        setTimeout(() => {
          callsBeforeTimer = done;
        }, 0);
      block(2);
      done += 1;
    });
    await Promise.all(calls);
    // Without turns every call runs before the loop looks at its timers again: the timer would see all 30.
    expect(callsBeforeTimer).toBeGreaterThanOrEqual(1);
    expect(callsBeforeTimer).toBeLessThan(30);
  });

  it('runs one call per turn, in the order they asked, and is idle when nobody waits', async () => {
    const turns = new EventLoopTurns();
    const order: number[] = [];
    let concurrent = 0;
    await Promise.all(
      [0, 1, 2, 3].map(async (i) => {
        await turns.take();
        concurrent += 1;
        expect(concurrent).toBe(1);
        order.push(i);
        concurrent -= 1;
      }),
    );
    expect(order).toEqual([0, 1, 2, 3]);
    expect(turns.waitingCount).toBe(0);
  });
});
