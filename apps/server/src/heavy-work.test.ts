import type { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { HEAVY_PROCEDURES, HeavyWorkQueue } from './heavy-work.js';
import { procedures } from './procedure-call.js';

/** Holds the event loop for `ms`, as a recommendation sweep does. */
const block = (ms: number) => {
  const end = performance.now() + ms;
  while (performance.now() < end);
};

describe('the heavy work queue (work amplification)', () => {
  it('runs heavy calls one at a time and lets waiting I/O in between two of them', async () => {
    const queue = new HeavyWorkQueue(10, 60_000);
    const order: string[] = [];
    let running = 0;
    const heavy = (name: string) =>
      queue.run(async () => {
        running += 1;
        expect(running).toBe(1);
        block(20);
        order.push(name);
        running -= 1;
      });
    const calls = [heavy('a'), heavy('b'), heavy('c')];
    // Stands for a health check that arrived while "a" computed.
    setImmediate(() => order.push('io'));
    await Promise.all(calls);
    expect(order.slice(0, 2)).toEqual(['a', 'io']);
    expect(order.filter((name) => name !== 'io')).toEqual(['a', 'b', 'c']);
  });

  it('refuses calls beyond the queue with 503 at once', async () => {
    const queue = new HeavyWorkQueue(1, 60_000);
    const first = queue.run(async () => block(5));
    const second = queue.run(async () => 'second');
    const third = queue.run(async () => 'third');
    await expect(third).rejects.toThrow(/busy/);
    await expect(third.catch((error: TRPCError) => error.code)).resolves.toBe('SERVICE_UNAVAILABLE');
    await first;
    expect(await second).toBe('second');
  });

  it('drops a call that waited past the deadline instead of computing it for nobody', async () => {
    let clock = 0;
    const queue = new HeavyWorkQueue(10, 1000, () => clock);
    let computed = false;
    const first = queue.run(async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      clock += 5000;
    });
    const stale = queue.run(async () => {
      computed = true;
    });
    await first;
    await expect(stale).rejects.toThrow(/deadline/);
    expect(computed).toBe(false);
  });

  it('names procedures that exist', () => {
    for (const name of HEAVY_PROCEDURES) expect(procedures[name], name).toBeDefined();
  });
});
