import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildWhatIfProfile } from '@weightplan/hardware';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWeightplanServer, type WeightplanServer } from './create-server.js';

/*
 * Heavy calls computed in worker threads must answer exactly what the main thread answers: the same
 * status, headers that matter and body bytes, for results and for every kind of error.
 */

const machine = buildWhatIfProfile({ gpu: 'RTX 4090' });
let detections = 0;
const dependencies = {
  detectHardware: async () => {
    detections += 1;
    return machine;
  },
  log: () => {},
};

interface Answer {
  status: number;
  contentType: string | undefined;
  retryAfter: string | undefined;
  body: string;
}

function send(base: string, method: string, path: string, body?: unknown): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' };
    const req = request(`${base}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          contentType: res.headers['content-type'],
          retryAfter: res.headers['retry-after'] as string | undefined,
          body: Buffer.concat(chunks).toString(),
        }),
      );
    });
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

let inThread: WeightplanServer;
let pooled: WeightplanServer;
let inThreadBase: string;
let pooledBase: string;
let configDirectory: string;
beforeAll(async () => {
  configDirectory = mkdtempSync(join(tmpdir(), 'wp-workers-config-'));
  process.env.WEIGHTPLAN_CONFIG_DIR = configDirectory;
  const options = { port: 0, requestTimeoutMs: 60_000 };
  inThread = createWeightplanServer({ ...options, workers: 0 }, dependencies);
  pooled = createWeightplanServer({ ...options, workers: 2 }, dependencies);
  [inThreadBase, pooledBase] = await Promise.all([inThread.listen(), pooled.listen()]);
  // Loading the router from the sources takes seconds on a loaded machine; the calls below are the point.
  expect(await pooled.workersReady(120_000)).toBe(true);
}, 180_000);
afterAll(async () => {
  await Promise.all([inThread.close(), pooled.close()]);
  rmSync(configDirectory, { recursive: true, force: true });
});

const batch = (names: string[]) => `/trpc/${names.join(',')}?batch=1`;
const CASES: Array<[string, string, string, unknown?]> = [
  ['recommend', 'POST', '/api/v1/recommend', { limit: 5, useCase: 'coding' }],
  ['recommend for the host (detected in the main thread)', 'POST', '/api/v1/recommend', {}],
  ['fit matrix', 'POST', '/api/v1/fit-matrix', { modelIds: ['llama-3-8b', 'qwen3:8b'], contextTokens: 16_384 }],
  ['scenario', 'POST', '/api/v1/scenario', { model: 'llama-3-8b', precision: 'Q4_K_M', hardware: { whatIf: { gpu: 'RTX 4090' } } }],
  [
    'compare',
    'POST',
    '/api/v1/compare',
    {
      workload: { inputTokensPerMonth: 1e8, outputTokensPerMonth: 2e7 },
      models: ['llama-3-8b', 'openai/gpt-4o-mini'],
      includeCloud: false,
    },
  ],
  [
    'fleet plan',
    'POST',
    '/api/v1/fleets/plan',
    {
      machines: [{ name: 'gpu-1', hardware: { whatIf: { gpu: 'RTX 4090' } } }],
      workloads: [{ name: 'chat', model: 'llama-3-8b', precision: 'Q4_K_M' }],
    },
  ],
  ['an estimate (light: the main thread in both)', 'POST', '/api/v1/estimate', { model: 'qwen3:8b', precision: 'Q8_0' }],
  ['an unknown model with suggestions (404)', 'POST', '/api/v1/fit-matrix', { modelIds: ['lama-3-8'] }],
  ['invalid input naming the field (400)', 'POST', '/api/v1/recommend', { limit: 0, contextTokens: -1 }],
  ['a tRPC call', 'POST', '/trpc/scenario', { model: 'qwen3:8b', precision: 'Q4_K_M' }],
  [
    'a tRPC batch of heavy, light and failing calls (207)',
    'POST',
    batch(['recommend', 'estimate', 'estimate', 'fitMatrix']),
    {
      0: { limit: 2 },
      1: { model: 'llama-3-8b', precision: 'Q4_K_M' },
      2: { model: 'no-such-model-at-all', precision: 'Q4_K_M' },
      3: { modelIds: ['nope'] },
    },
  ],
];

describe('heavy calls in worker threads', () => {
  it.each(CASES)(
    'answer byte for byte what the main thread answers: %s',
    async (_, method, path, body) => {
      const [expected, actual] = await Promise.all([send(inThreadBase, method, path, body), send(pooledBase, method, path, body)]);
      expect(actual.status).toBe(expected.status);
      expect(actual.contentType).toBe(expected.contentType);
      // inspect reports how long it took, which differs from run to run; everything else must be equal.
      const timeless = (body: string) => body.replace(/"elapsedMilliseconds":[\d.e+-]+/g, '"elapsedMilliseconds":0');
      expect(timeless(actual.body)).toBe(timeless(expected.body));
      expect(actual.body.length).toBeGreaterThan(20);
      // The first case starts the workers and fills cold caches on both servers: seconds on a loaded machine.
    },
    180_000,
  );

  it('started every worker when it began listening (and with --workers 0, none)', () => {
    expect(pooled.heavyWorkerThreads()).toBe(2);
    expect(inThread.heavyWorkerThreads()).toBe(0);
  });

  it.skipIf(process.platform !== 'linux')('lets the event loop take the CPU first: workers run at a lower priority (Linux)', () => {
    // The nice value of each thread of this process (field 19 of /proc/PID/task/TID/stat).
    const nice = (tid: string) => {
      const stat = readFileSync(`/proc/${process.pid}/task/${tid}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
    };
    const threads = readdirSync(`/proc/${process.pid}/task`);
    const eventLoop = nice(String(process.pid));
    // Tests started under `nice` 10 or more: the workers cannot go lower than their parent without privileges.
    if (eventLoop >= 10) return;
    // The pooled server's two workers (other test servers' workers may be alive too).
    expect(threads.filter((tid) => nice(tid) === 10).length).toBeGreaterThanOrEqual(2);
  });

  it('detects the hardware once per server, in the main thread, however many workers ask', () => {
    // One detection per server: both answered "for the host" calls from a cached profile.
    expect(detections).toBe(2);
  });

  it('answers a call that outlives the heavy-call timeout with 504 and keeps serving', async () => {
    // A long request deadline: the worker's start-up (seconds from the sources on a loaded machine) is not
    // part of the call's 0.1 s.
    const strict = createWeightplanServer({ port: 0, workers: 1, heavyCallTimeoutMs: 100, requestTimeoutMs: 120_000 }, dependencies);
    const base = await strict.listen();
    try {
      const slow = await send(base, 'POST', '/api/v1/fit-matrix', {});
      expect(slow.status).toBe(504);
      expect(JSON.parse(slow.body).message).toMatch(/did not finish within 0.1 s and was stopped/);
      expect((await send(base, 'GET', '/healthz')).status).toBe(200);
      expect((await send(base, 'GET', '/api/v1/models/qwen3%3A8b')).status).toBe(200);
    } finally {
      await strict.close();
    }
  }, 180_000);

  it('refuses heavy calls beyond the queue with 503 and Retry-After', async () => {
    // A long deadline: on a loaded machine a first recommendation can take longer than the default 15 s.
    const small = createWeightplanServer({ port: 0, workers: 1, maxQueuedHeavyCalls: 0, requestTimeoutMs: 120_000 }, dependencies);
    const base = await small.listen();
    try {
      // Once the worker is loaded (with no queue, a call that finds it still starting is refused too).
      expect(await small.workersReady(120_000)).toBe(true);
      expect((await send(base, 'POST', '/api/v1/recommend', { limit: 1 })).status).toBe(200);
      const answers = await Promise.all([1, 2, 3].map(() => send(base, 'POST', '/api/v1/recommend', { limit: 1 })));
      const busy = answers.filter((answer) => answer.status === 503);
      expect(busy.length).toBeGreaterThanOrEqual(1);
      expect(Number(busy[0]?.retryAfter)).toBeGreaterThanOrEqual(1);
      expect(JSON.parse(busy[0]?.body ?? '{}').message).toMatch(/busy/);
      expect(answers.some((answer) => answer.status === 200)).toBe(true);
    } finally {
      await small.close();
    }
  }, 120_000);

  it('refuses streamed tRPC calls of heavy procedures (they would run on the event loop): 406', async () => {
    const answer = await new Promise<number>((resolve, reject) => {
      const req = request(`${pooledBase}/trpc/recommend`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'trpc-accept': 'application/jsonl' },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end('{}');
    });
    expect(answer).toBe(406);
  });
});
