import { buildWhatIfProfile } from '@weightplan/hardware';
import { getPrecision } from '@weightplan/weights';
import { describe, expect, it } from 'vitest';
import { estimate } from '../estimate.js';
import { catalogModel } from '../test-support.js';
import { type CompareRequest, compare, type RentalTarget } from './compare.js';
import { machineSeconds, machinesNeeded } from './monthly-cost.js';
import { CostAssumptionsSchema, WorkloadSchema } from './workload.js';

const GiB = 1024 ** 3;
const now = new Date('2026-11-26T12:00:00Z');
const assumptions = CostAssumptionsSchema.parse({});
const threes = buildWhatIfProfile({ gpu: '2x RTX 3090', ramBytes: 128 * GiB });
// 300M tokens a month, three quarters of them prompt, 8 requests at once.
const workload = { inputTokensPerMonth: 225e6, outputTokensPerMonth: 75e6, concurrency: 8, contextTokens: 8192, promptTokens: 2048 };

function rental(id: string, gpu: string, hourlyUsd: number): RentalTarget {
  return {
    id,
    provider: 'cloud',
    instanceType: gpu,
    hourlyUsd,
    profile: buildWhatIfProfile({ gpu, ramBytes: 256 * GiB }),
    price: { readOn: '2026-11-09', sourceUrl: 'https://example.com/cloud', origin: 'catalog' },
  };
}

function compareOn(model: string, extra: Partial<CompareRequest> = {}) {
  return compare({
    workload,
    openModels: [{ model: catalogModel(model), precision: getPrecision('Q4_K_M') }],
    closedModels: [],
    owned: { profile: threes, priceUsd: 1600, price: null },
    rentals: [],
    quality: [],
    now,
    ...extra,
  });
}

describe('machines a workload needs', () => {
  it('counts the month at 60% busy: 2,628,000 s x 0.6 = 1,576,800 s of serving per machine', () => {
    expect(machinesNeeded(1_576_800, assumptions)).toBe(1);
    expect(machinesNeeded(1_576_801, assumptions)).toBe(2);
    expect(machinesNeeded(2_000_000, assumptions)).toBe(2);
    // 8 requests at once, 2 per machine: 4 machines however little the volume.
    expect(machinesNeeded(100, assumptions, 4)).toBe(4);
  });
});

describe('compare serves the workload the way it would be served', () => {
  it('batches 8 concurrent requests on one 2x RTX 3090 box for a 32B model (one stream per box needed 2)', () => {
    const [owned] = compareOn('Qwen/Qwen2.5-32B-Instruct').options;
    expect(owned?.concurrency).toBe(8);
    expect(owned?.machines).toBe(1);
    expect(owned?.machinesReason).toMatch(
      /^one machine batches all 8 concurrent requests, \d+ tok\/s generated in all, [\d.]+ tok\/s each: one suffices$/,
    );
    // The machine time it reports: 225M prompt tokens at its prefill rate plus 75M at its batched rate, within 1,576,800 s.
    const rate = owned?.aggregateTokensPerSecond ?? 0;
    expect(rate).toBeGreaterThan(75e6 / 1_576_800);
    // The old way, one stream per machine: 75M output tokens at the single-stream speed alone outrun one machine.
    const single = estimate({
      model: catalogModel('Qwen/Qwen2.5-32B-Instruct'),
      precision: getPrecision('Q4_K_M'),
      hardware: threes,
      contextTokens: 8192,
      promptTokens: 2048,
    }).throughput;
    if (!single) throw new Error('no speed');
    const oneStream = machineSeconds(
      { prefillTokensPerSecond: single.prefillTokensPerSecond, aggregateDecodeTokensPerSecond: single.decodeTokensPerSecond },
      225e6,
      75e6,
    );
    expect(machinesNeeded(oneStream, assumptions)).toBe(2);
  });

  it('needs 3 boxes for a 70B at Q4_K_M because each serves only 3 sequences of 8k tokens, and says so', () => {
    // Llama 3.3 70B's KV cache: 80 layers x 8 KV heads x 128 dims x (K+V) x 2 bytes = 327,680 B/token, x 8192 = 2.5 GiB
    // per sequence; beside ~39 GiB of Q4_K_M weights, 48 GiB of VRAM holds 2 of them. A third fits with about 2 GiB
    // of layers in RAM and still keeps the speed floor (10.5 tok/s each); a fourth does not.
    const [owned] = compareOn('meta-llama/Llama-3.3-70B-Instruct').options;
    expect(owned?.concurrency).toBe(3);
    expect(owned?.machines).toBe(3);
    expect(owned?.machinesReason).toContain('KV cache 2.50 GiB per sequence of 8192 tokens');
    expect(owned?.machinesReason).toMatch(/4 sequences of 8192 tokens do not fit beside the weights/);
    expect(owned?.machinesReason).toMatch(
      /, 31 tok\/s generated in all, 10\.\d tok\/s each: 3 machines for the monthly volume \(concurrency alone needs 3\)$/,
    );
  });

  it('rents at the owned precision when an instance serves it, even where a cheaper instance could at 2 bits', () => {
    const result = compare({
      workload,
      openModels: [{ model: catalogModel('meta-llama/Llama-3.3-70B-Instruct') }],
      closedModels: [],
      owned: { profile: threes, priceUsd: 1600, price: null },
      rentals: [rental('cheap/4090', 'RTX 4090', 0.4), rental('big/h100', 'H100 SXM', 2.5)],
      quality: [],
      now,
    });
    const owned = result.options.find((o) => o.deployment === 'owned');
    const rented = result.options.find((o) => o.deployment === 'rented');
    expect(owned?.precision).toBe('Q4_K_M');
    expect(rented?.precision).toBe(owned?.precision);
    expect(rented?.instanceId).toBe('big/h100');
    expect(rented?.machines).toBe(1);
    expect(rented?.concurrency).toBe(8);
    expect(rented?.quantisation?.meanKld).toBe(0.031273);
  });

  it('shows the quantisation loss next to an owned option when a rental can only match it at lower precision', () => {
    const result = compare({
      workload,
      openModels: [{ model: catalogModel('meta-llama/Llama-3.3-70B-Instruct') }],
      closedModels: [],
      owned: { profile: threes, priceUsd: 1600, price: null },
      rentals: [rental('cheap/4090', 'RTX 4090', 0.4)],
      quality: [],
      now,
    });
    const rented = result.options.find((o) => o.deployment === 'rented');
    if (!rented) return expect(result.excluded.some((e) => e.deployment === 'rented')).toBe(true);
    expect(rented.precision).not.toBe('Q4_K_M');
    expect(rented.notes.join('\n')).toMatch(/not like for like: \S+ \(mean KLD [\d.]+\) against Q4_K_M owned \(mean KLD 0\.031\)/);
    expect(rented.notes.join('\n')).toMatch(/below Q4_K_M/);
  });

  it('reads the workload concurrency as requests in flight at once', () => {
    expect(WorkloadSchema.parse({ inputTokensPerMonth: 1, outputTokensPerMonth: 1 }).concurrency).toBe(8);
  });
});
