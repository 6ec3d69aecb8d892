import { buildWhatIfProfile } from '@weightplan/hardware';
import type { QualitySignal } from '@weightplan/weights';
import { describe, expect, it } from 'vitest';
import { catalogModel } from '../test-support.js';
import { type ClosedCandidate, type CompareRequest, compare } from './compare.js';

const GiB = 1024 ** 3;
const now = new Date('2026-11-26T12:00:00Z');

const closed: ClosedCandidate[] = [
  {
    id: 'example/fresh-large',
    name: 'Fresh Large',
    provider: 'example',
    pricing: {
      inputPerMillionUsd: 3,
      cachedInputPerMillionUsd: 0.3,
      outputPerMillionUsd: 15,
      readOn: '2026-11-01',
      sourceUrl: 'https://example.com/pricing',
    },
    priceOrigin: 'catalog',
  },
  {
    id: 'example/old-mini',
    name: 'Old Mini',
    provider: 'example',
    pricing: {
      inputPerMillionUsd: 0.15,
      cachedInputPerMillionUsd: null,
      outputPerMillionUsd: 0.6,
      readOn: '2025-01-15',
      sourceUrl: 'https://example.com/pricing',
    },
    priceOrigin: 'user',
  },
];

const quality: QualitySignal[] = [
  { modelId: 'example/fresh-large', benchmark: 'gpqa-diamond', score: 80, sourceUrl: 'https://example.com/gpqa', readOn: '2026-10-01' },
  { modelId: 'example/fresh-large', benchmark: 'lmarena-text', score: 1400, sourceUrl: 'https://example.com/arena', readOn: '2026-10-02' },
];

function request(extra: Partial<CompareRequest> = {}): CompareRequest {
  return {
    workload: {
      inputTokensPerMonth: 300e6,
      outputTokensPerMonth: 100e6,
      concurrency: 8,
      contextTokens: 8192,
      promptTokens: 2048,
      minDecodeTokensPerSecond: 10,
    },
    openModels: [{ model: catalogModel('llama-3-8b') }],
    closedModels: closed,
    owned: {
      profile: buildWhatIfProfile({ gpu: 'RTX 4090', ramBytes: 64 * GiB }),
      priceUsd: 1599,
      price: { readOn: '2022-10-12', sourceUrl: 'https://www.nvidia.com/rtx-4090', origin: 'catalog' },
    },
    rentals: [
      {
        id: 'cloud/h100',
        provider: 'cloud',
        instanceType: '1x H100',
        hourlyUsd: 2.5,
        profile: buildWhatIfProfile({ gpu: 'H100 SXM', ramBytes: 200 * GiB }),
        price: { readOn: '2026-11-09', sourceUrl: 'https://example.com/cloud', origin: 'catalog' },
      },
    ],
    quality,
    now,
    ...extra,
  };
}

describe('compare', () => {
  it('prices an open model on owned and rented hardware next to closed APIs, cheapest first', () => {
    const result = compare(request());
    expect(result.options.map((o) => o.deployment).sort()).toEqual(['api', 'api', 'owned', 'rented']);
    const costs = result.options.map((o) => o.monthlyCost);
    expect(costs).toEqual([...costs].sort((a, b) => a - b));
    const owned = result.options.find((o) => o.deployment === 'owned');
    // The best precision that serves 8 sequences at 8k on a 24 GB card, with the latency met.
    expect(owned?.precision).toBe('BF16');
    expect(owned?.meetsLatencyTarget).toBe(true);
    expect(owned?.privacy).toBe('on-prem');
    expect(owned?.costPerMillionTokens).toBeCloseTo((owned?.monthlyCost ?? 0) / 400, 9);
    const large = result.options.find((o) => o.modelId === 'example/fresh-large');
    // 300M x $3 + 100M x $15.
    expect(large?.monthlyCost).toBeCloseTo(2400, 9);
  });

  it('reports a published quality score, or unknown, never a guess', () => {
    const result = compare(request());
    expect(result.options.find((o) => o.modelId === 'example/fresh-large')?.quality).toMatchObject({
      benchmark: 'lmarena-text',
      score: 1400,
    });
    expect(result.options.find((o) => o.modelId === 'example/old-mini')?.quality).toBeNull();
  });

  it('flags prices read more than 180 days ago, and says where each price came from', () => {
    const result = compare(request());
    const mini = result.options.find((o) => o.modelId === 'example/old-mini');
    expect(mini?.price).toMatchObject({ stale: true, origin: 'user', ageDays: 680 });
    expect(result.options.find((o) => o.modelId === 'example/fresh-large')?.price?.stale).toBe(false);
  });

  it('keeps data on premises when asked: no APIs, no rented cloud', () => {
    const result = compare(request({ workload: { inputTokensPerMonth: 300e6, outputTokensPerMonth: 100e6, onPremOnly: true } }));
    expect(result.options.map((o) => o.deployment)).toEqual(['owned']);
    expect(result.excluded.map((e) => `${e.modelId} ${e.deployment}: ${e.reason}`)).toEqual([
      'meta-llama/Meta-Llama-3-8B-Instruct rented: data must stay on premises',
      'example/fresh-large api: data must stay on premises',
      'example/old-mini api: data must stay on premises',
    ]);
  });

  it('gives each open option a break-even volume against each API, and a cost curve', () => {
    const result = compare(request());
    const ownedVsLarge = result.breakEven.find((b) => b.openOptionId.endsWith('|owned') && b.closedModelId === 'example/fresh-large');
    expect(ownedVsLarge?.tokensPerMonth).toBeGreaterThan(0);
    expect(ownedVsLarge?.statement).toMatch(/^below [\d.]+[kMB] tokens\/month Fresh Large is cheaper/);
    expect(result.costCurve.series.length).toBe(4);
    for (const series of result.costCurve.series) expect(series.monthlyCostUsd).toHaveLength(result.costCurve.tokensPerMonth.length);
  });

  it('shows each row’s assumptions: machine RAM, what one machine costs to buy or rent, and per month', () => {
    const result = compare(request({ assumptions: { systemPriceUsd: 1000 } }));
    const owned = result.options.find((o) => o.deployment === 'owned');
    expect(owned).toMatchObject({ machineRamGiB: 64, machinePriceUsd: 2599, hourlyUsd: null });
    expect(owned?.monthlyCostPerMachineUsd).toBeCloseTo((owned?.monthlyCost ?? 0) / (owned?.machines ?? 1), 9);
    const rented = result.options.find((o) => o.deployment === 'rented');
    expect(rented).toMatchObject({ machineRamGiB: 200, machinePriceUsd: null, hourlyUsd: 2.5 });
    // Rent is paid around the clock whatever the load: one instance costs 730 h x $2.50.
    expect(rented?.monthlyCostPerMachineUsd).toBeCloseTo(730 * 2.5, 9);
    expect(result.options.find((o) => o.deployment === 'api')).toMatchObject({
      machineRamGiB: null,
      machinePriceUsd: null,
      monthlyCostPerMachineUsd: null,
    });
  });

  it('when one machine is not enough, the cost of one is the monthly cost shared by the machines needed', () => {
    const result = compare(request({ workload: { inputTokensPerMonth: 15e9, outputTokensPerMonth: 5e9, concurrency: 8 } }));
    const owned = result.options.find((o) => o.deployment === 'owned');
    expect(owned?.machines).toBeGreaterThan(1);
    expect((owned?.monthlyCostPerMachineUsd ?? 0) * (owned?.machines ?? 0)).toBeCloseTo(owned?.monthlyCost ?? 0, 6);
  });

  it('picks at most three break-evens to read: the cheapest open option’s, nearest the workload’s volume first', () => {
    const apis: ClosedCandidate[] = [0.5, 1, 2, 4, 8, 16].map((outputPerMillionUsd) => ({
      id: `example/api-${outputPerMillionUsd}`,
      name: `API ${outputPerMillionUsd}`,
      provider: 'example',
      pricing: {
        inputPerMillionUsd: outputPerMillionUsd / 4,
        cachedInputPerMillionUsd: null,
        outputPerMillionUsd,
        readOn: '2026-11-01',
        sourceUrl: 'https://example.com/pricing',
      },
      priceOrigin: 'catalog',
    }));
    const result = compare(request({ closedModels: apis }));
    const cheapestOpen = result.options.find((o) => o.kind === 'open');
    expect(result.breakEven.length).toBeGreaterThan(3);
    expect(result.breakEvenHighlights).toHaveLength(3);
    expect(result.breakEvenHighlights.every((b) => b.openOptionId === cheapestOpen?.id)).toBe(true);
    const volume = 400e6;
    const distances = result.breakEvenHighlights.map((b) =>
      b.tokensPerMonth === null ? Number.POSITIVE_INFINITY : Math.abs(Math.log10(b.tokensPerMonth / volume)),
    );
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    // No break-even left out lies nearer the workload's volume than the farthest one shown.
    const shown = new Set(result.breakEvenHighlights.map((b) => b.closedModelId));
    for (const b of result.breakEven.filter((b) => b.openOptionId === cheapestOpen?.id && !shown.has(b.closedModelId)))
      expect(b.tokensPerMonth === null ? Number.POSITIVE_INFINITY : Math.abs(Math.log10(b.tokensPerMonth / volume))).toBeGreaterThanOrEqual(
        distances.at(-1) ?? 0,
      );
  });

  it('excludes what cannot be priced or run, saying why', () => {
    const unpriced = compare(
      request({ owned: { profile: buildWhatIfProfile({ gpu: 'RTX 3060', ramBytes: 16 * GiB }), priceUsd: null, price: null } }),
    );
    expect(unpriced.excluded.map((e) => e.reason)).toEqual([
      'no price known for NVIDIA GeForce RTX 3060 12GB, 16 GiB RAM: give one (--hardware-price)',
    ]);
    const huge = compare(request({ openModels: [{ model: catalogModel('deepseek-ai/DeepSeek-R1') }] }));
    expect(huge.excluded.map((e) => `${e.deployment}: ${e.reason}`)).toContain('owned: does not fit NVIDIA GeForce RTX 4090, 64 GiB RAM');
    const tooSlow = compare(
      request({
        openModels: [{ model: catalogModel('deepseek-ai/DeepSeek-R1') }],
        workload: { inputTokensPerMonth: 1e6, outputTokensPerMonth: 1e6, minDecodeTokensPerSecond: 500 },
      }),
    );
    expect(tooSlow.excluded.map((e) => `${e.deployment}: ${e.reason}`)).toContain(
      'rented: no cloud instance in the price list serves it at the latency target',
    );
  });
});
