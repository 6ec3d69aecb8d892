import { BroadcastChannel, Worker } from 'node:worker_threads';
import type { HardwareProfile } from '@weightplan/hardware';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type PoolRefusal, WorkerPool, type WorkerPoolOptions } from './worker-pool.js';
import type { CallOutcome } from './worker-protocol.js';

const FAKE = new URL('./testing/fake-procedure-worker.mjs', import.meta.url);
const pools: WorkerPool[] = [];

function pool(options: Partial<WorkerPoolOptions> = {}): WorkerPool {
  const created = new WorkerPool({
    entry: { url: FAKE },
    size: 1,
    maxQueued: 8,
    maxWaitMs: 60_000,
    callTimeoutMs: 60_000,
    context: { allowedRoots: [] },
    detectHardware: async () => ({ name: 'the main thread’s machine' }) as unknown as HardwareProfile,
    maxOldGenerationSizeMb: 64,
    ...options,
  });
  pools.push(created);
  return created;
}

afterEach(async () => {
  await Promise.all(pools.splice(0).map((created) => created.close()));
});

const call = (path: string, input: unknown = {}, actor = 'alice') => ({ path, type: 'mutation' as const, input, batchIndex: 0, actor });
const value = (outcome: CallOutcome) => {
  if (!outcome.ok || outcome.json === undefined) throw new Error(`not a result: ${JSON.stringify(outcome)}`);
  return JSON.parse(outcome.json) as { thread: number; input?: unknown; profile?: unknown; actor?: string; catalogWrites?: number };
};
const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a refusal');
    },
    (error: PoolRefusal) => error,
  );

describe('the worker pool', () => {
  it('computes calls in a worker thread and answers with their JSON', async () => {
    const workers = pool();
    const answer = value(await workers.run(call('echo', { model: 'llama-3-8b', contextTokens: 8192 })));
    expect(answer.input).toEqual({ model: 'llama-3-8b', contextTokens: 8192 });
    expect(answer.thread).toBeGreaterThan(0); // the main thread's id is 0
    expect(workers.workerCount).toBe(1);
  });

  it('gives workers the hardware the main thread detected, as data', async () => {
    let detections = 0;
    const workers = pool({
      detectHardware: async () => {
        detections += 1;
        return { name: 'detected once' } as unknown as HardwareProfile;
      },
    });
    expect(value(await workers.run(call('detect'))).profile).toEqual({ name: 'detected once' });
    expect(detections).toBe(1);
  });

  it('answers a worker crash for that call only, and replaces the worker', async () => {
    const workers = pool({ size: 2 });
    const slow = workers.run(call('wait', { ms: 200 }), 'quick');
    const crashed = await refusal(workers.run(call('throw')));
    expect(crashed.kind).toBe('crashed');
    expect(crashed.message).toMatch(/failed \(boom\)/);
    // The other worker's call is untouched, and the next call gets a fresh worker.
    expect(value(await slow).thread).toBeGreaterThan(0);
    expect(value(await workers.run(call('echo'))).thread).toBeGreaterThan(0);
    const exited = await refusal(workers.run(call('exit')));
    expect(exited.message).toMatch(/exit code 3/);
    expect(value(await workers.run(call('echo'))).input).toEqual({});
  });

  it('stops a worker that outgrows its heap instead of letting it take the process down', async () => {
    const workers = pool({ maxOldGenerationSizeMb: 32 });
    const outOfMemory = await refusal(workers.run(call('hoard')));
    expect(outOfMemory.kind).toBe('crashed');
    expect(value(await workers.run(call('echo', 1))).input).toBe(1);
  });

  it('answers a call that computes past its timeout with a timeout, and replaces the worker', async () => {
    const workers = pool({ callTimeoutMs: 2000 });
    const first = value(await workers.run(call('echo'))).thread;
    const stuck = await refusal(workers.run(call('spin')));
    expect(stuck.kind).toBe('timed-out');
    expect(stuck.message).toMatch(/did not finish within 2 s/);
    const replacement = value(await workers.run(call('echo'))).thread;
    expect(replacement).not.toBe(first);
    expect(workers.startedCount).toBe(2);
  });

  it('refuses calls beyond the queue at once, with a time to retry', async () => {
    const workers = pool({ maxQueued: 1 });
    await workers.run(call('echo')); // started and ready: the next call computes at once
    const running = workers.run(call('wait', { ms: 300 }));
    const queued = workers.run(call('echo', 'queued'));
    const busy = await refusal(workers.run(call('echo', 'refused')));
    expect(busy.kind).toBe('busy');
    expect(busy.message).toMatch(/busy \(1 heavy calls already waiting for 1 workers\)/);
    expect(busy.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    await running;
    expect(value(await queued).input).toBe('queued');
  });

  it('drops a call that waited past the deadline instead of computing it for nobody', async () => {
    let clock = 0;
    const workers = pool({ maxWaitMs: 1000, now: () => clock });
    await workers.run(call('echo'));
    const running = workers.run(call('wait', { ms: 100 }));
    const stale = refusal(workers.run(call('echo')));
    clock += 5000;
    await running;
    expect((await stale).kind).toBe('waited-too-long');
  });

  it('refuses at once a call that the calls ahead would push past its deadline', async () => {
    let clock = 0;
    const workers = pool({ maxWaitMs: 1000, now: () => clock });
    await workers.run(call('echo'));
    const slow = workers.run(call('wait', { ms: 50 }));
    clock += 5000; // the last call took 5 s: the average sweep is now about 1 s
    await slow;
    const running = workers.run(call('wait', { ms: 200 })); // starts at once, whatever the average
    const refused = await refusal(workers.run(call('echo')));
    expect(refused.kind).toBe('busy');
    expect(refused.message).toMatch(/would not leave time for this one before the deadline/);
    expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(value(await running).thread).toBeGreaterThan(0);
  });

  it('keeps a worker for quick calls while sweeps queue up', async () => {
    const workers = pool({ size: 2 });
    const sweeps = [workers.run(call('wait', { ms: 400 })), workers.run(call('wait', { ms: 400 }))];
    // Submitted after both sweeps, answered before the second one starts.
    const order: string[] = [];
    const quick = workers.run(call('echo', 'quick'), 'quick').then(() => order.push('quick'));
    void sweeps[1]?.then(() => order.push('second sweep'));
    await Promise.all([...sweeps, quick]);
    expect(order).toEqual(['quick', 'second sweep']);
  });

  it("hands each call its request's actor", async () => {
    const workers = pool();
    expect(value(await workers.run(call('echo', {}, 'bob'))).actor).toBe('bob');
    expect(value(await workers.run(call('echo', {}, 'api-key'))).actor).toBe('api-key');
  });

  it('tells workers, with the next call, that the main thread wrote the catalog', async () => {
    const workers = pool();
    expect(value(await workers.run(call('echo'))).catalogWrites).toBe(0);
    workers.noteCatalogWrite();
    expect(value(await workers.run(call('echo'))).catalogWrites).toBe(1);
    workers.noteCatalogWrite();
    workers.noteCatalogWrite();
    expect(value(await workers.run(call('echo'))).catalogWrites).toBe(3);
  });

  it('starts every worker on warm-up, so the first calls find them loaded', async () => {
    const workers = pool({ size: 2 });
    workers.warmUp();
    expect(workers.workerCount).toBe(2);
    expect(await workers.ready(60_000)).toBe(true);
    const threads = new Set(
      (await Promise.all([workers.run(call('wait', { ms: 100 })), workers.run(call('echo'), 'quick')])).map(
        (outcome) => value(outcome).thread,
      ),
    );
    // Both calls ran at once, each in one of the two warmed workers: no third worker was started.
    expect(threads.size).toBe(2);
    expect(workers.workerCount).toBe(2);
  });

  it('fails a call with the reason when a worker cannot open the store', async () => {
    const failing = pool({
      entry: {
        script:
          "require('node:worker_threads').parentPort.postMessage({ kind: 'start-failed', message: 'a worker could not open the store: connection refused' })",
        execArgv: [],
      },
    });
    const refused = await refusal(failing.run(call('echo')));
    expect(refused.kind).toBe('crashed');
    expect(refused.message).toMatch(/could not start: a worker could not open the store: connection refused/);
  });

  it('fails a waiting call, not the whole queue, when a worker cannot start', async () => {
    const broken = pool({ entry: { script: 'throw new Error("cannot load")', execArgv: [] } });
    const first = await refusal(broken.run(call('echo')));
    expect(first.kind).toBe('crashed');
    expect(first.message).toMatch(/could not start: .*cannot load/);
  });

  it('lets idle workers close their store and exit by themselves at shutdown', async () => {
    const terminate = vi.spyOn(Worker.prototype, 'terminate');
    const channel = new BroadcastChannel('fake-procedure-worker');
    const closed: number[] = [];
    channel.onmessage = (event) => closed.push((event as { data: { closed: number } }).data.closed);
    try {
      const workers = pool({ size: 2 });
      workers.warmUp();
      expect(await workers.ready(60_000)).toBe(true);
      await workers.close();
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(closed).toHaveLength(2);
      expect(terminate).not.toHaveBeenCalled();
      expect(workers.workerCount).toBe(0);
    } finally {
      channel.close();
      terminate.mockRestore();
    }
  });

  it('terminates an idle worker that does not exit within the grace period', async () => {
    const terminate = vi.spyOn(Worker.prototype, 'terminate');
    try {
      const workers = pool({
        size: 1,
        closeGraceMs: 100,
        context: { allowedRoots: [], ignoreClose: true } as WorkerPoolOptions['context'],
      });
      workers.warmUp();
      expect(await workers.ready(60_000)).toBe(true);
      await workers.close();
      expect(terminate).toHaveBeenCalledTimes(1);
    } finally {
      terminate.mockRestore();
    }
  });

  it('refuses calls after close, and closing stops every worker', async () => {
    const workers = pool({ size: 2 });
    const computing = refusal(workers.run(call('spin')));
    await new Promise((resolve) => setTimeout(resolve, 50));
    await workers.close();
    expect((await computing).kind).toBe('closed');
    expect(workers.workerCount).toBe(0);
    expect((await refusal(workers.run(call('echo')))).kind).toBe('closed');
  });
});
