import type { BenchHost } from '@weightplan/api';
import { describe, expect, it, vi } from 'vitest';
import { LONG_BENCH_MS, notifyingBench } from './bench-notification.js';

type Run = Awaited<ReturnType<BenchHost['measureFile']>>;
const rates = (median: number) => ({ median, min: median, max: median, stddev: 0, samples: [median] });
const RUN = {
  prefillTokensPerSecond: null,
  decodeTokensPerSecond: rates(41.26),
  repetitions: 3,
  warmupRuns: 1,
  loadSeconds: 2,
  contextTokens: 4096,
  runtimeVersion: 'node-llama-cpp 3.22.1 (cpu)',
  backend: 'cpu',
} as unknown as Run;
const SETTINGS = {} as Parameters<BenchHost['measureFile']>[0]['settings'];

/** A bench whose measurements take `ms` on a clock the test moves. */
function slowBench(clock: { t: number }, ms: number, fail?: string): BenchHost {
  const take = async <T>(value: T): Promise<T> => {
    clock.t += ms;
    if (fail) throw new Error(fail);
    return value;
  };
  return {
    install: () => take({ directory: '/cache', version: 'b6123', backend: 'cpu', packages: [], alreadyInstalled: false } as never),
    measureFile: () => take(RUN),
    measureSynthetic: () => take(RUN as never),
    measureEndpoint: () => take({ ...RUN, model: 'qwen3:8b' } as never),
  };
}

describe('notifyingBench', () => {
  it('notifies when a long measurement finishes, with its result and how long it took', async () => {
    const clock = { t: 0 };
    const notify = vi.fn();
    const bench = notifyingBench(slowBench(clock, 125_000), { notify, now: () => clock.t });
    expect(await bench.measureFile({ path: '/models/Qwen3-8B-Q4_K_M.gguf', vocabSize: 151_936, backend: 'cpu', settings: SETTINGS })).toBe(
      RUN,
    );
    expect(notify.mock.calls).toEqual([
      [{ title: 'Measuring Qwen3-8B-Q4_K_M.gguf: done', body: 'generation 41.3 tokens/s (took 2 min 5 s)' }],
    ]);
  });

  it('stays quiet for a short one: the user is still looking at the page', async () => {
    const clock = { t: 0 };
    const notify = vi.fn();
    const bench = notifyingBench(slowBench(clock, LONG_BENCH_MS - 1), { notify, now: () => clock.t });
    await bench.measureEndpoint({ url: 'http://127.0.0.1:8080', promptTokens: 512, genTokens: 128, repetitions: 3 } as never);
    await bench.install('cpu');
    expect(notify).not.toHaveBeenCalled();
  });

  it('notifies a long failure with its first line, and still rejects with the error', async () => {
    const clock = { t: 0 };
    const notify = vi.fn();
    const bench = notifyingBench(slowBench(clock, 60_000, 'not enough memory: 18.2 GB needed, 9.1 GB free\n  at measure'), {
      notify,
      now: () => clock.t,
    });
    await expect(bench.install('vulkan')).rejects.toThrow(/not enough memory/);
    expect(notify.mock.calls).toEqual([
      [{ title: 'Installing llama.cpp (vulkan): failed', body: 'not enough memory: 18.2 GB needed, 9.1 GB free (after 1 min)' }],
    ]);
  });
});
