import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildWhatIfProfile } from '@weightplan/hardware';
import { CLOSED_MODELS } from '@weightplan/weights';
import { beforeEach, describe, expect, it } from 'vitest';
import { appRouter } from './router.js';
import { createCallerFactory } from './trpc.js';

const GiB = 1024 ** 3;
const caller = createCallerFactory(appRouter)({
  detectHardware: async () => buildWhatIfProfile({ gpu: 'RTX 4090', ramBytes: 64 * GiB }),
  allowedRoots: [],
});
let configDirectory: string;

beforeEach(() => {
  configDirectory = mkdtempSync(join(tmpdir(), 'wp-compare-'));
  process.env.WEIGHTPLAN_CONFIG_DIR = configDirectory;
  return () => rmSync(configDirectory, { recursive: true, force: true });
});

const workload = { inputTokensPerMonth: 300e6, outputTokensPerMonth: 100e6 };

describe('compare', () => {
  it('prices named open and closed models: owned hardware at its price on file, cloud instances, APIs', async () => {
    const result = await caller.compare({ workload, models: ['llama-3-8b', 'openai/gpt-4o-mini', 'anthropic/claude-sonnet-4-5'] });
    const owned = result.options.find((o) => o.deployment === 'owned');
    expect(owned?.hardware).toBe('NVIDIA GeForce RTX 4090, 64 GiB RAM');
    // The RTX 4090's street price on file ($3,159.99, July 2025) written off over 36 months.
    expect(owned?.breakdown.hardwareUsd).toBeCloseTo(3159.99 / 36, 6);
    expect(owned?.price).toMatchObject({ readOn: '2025-07-22', origin: 'catalog', stale: true });
    expect(result.options.some((o) => o.deployment === 'rented')).toBe(true);
    expect(
      result.options
        .filter((o) => o.deployment === 'api')
        .map((o) => o.modelId)
        .sort(),
    ).toEqual(['anthropic/claude-sonnet-4-5', 'openai/gpt-4o-mini']);
    expect(result.breakEven.length).toBe(2 * 2);
  });

  it('applies the user’s prices.json over the shipped prices', async () => {
    writeFileSync(
      join(configDirectory, 'prices.json'),
      JSON.stringify({
        schemaVersion: 1,
        apiPrices: [{ modelId: 'openai/gpt-4o-mini', inputPerMillionUsd: 1, outputPerMillionUsd: 2, readOn: '2026-11-20' }],
      }),
    );
    const result = await caller.compare({ workload, models: ['openai/gpt-4o-mini'] });
    const [api] = result.options;
    // 300M x $1 + 100M x $2.
    expect(api?.monthlyCost).toBeCloseTo(500, 9);
    expect(api?.price?.origin).toBe('user');
  });

  it('defaults to the best open models here and each provider’s cheapest and dearest API', async () => {
    const result = await caller.compare({ workload, includeCloud: false });
    const open = new Set(result.options.filter((o) => o.kind === 'open').map((o) => o.modelId));
    expect(open.size).toBe(3);
    const providers = new Set(result.options.filter((o) => o.kind === 'closed').map((o) => o.provider));
    expect(providers).toEqual(new Set(CLOSED_MODELS.map((m) => m.provider)));
  });

  it('names an unknown model with the closest ones', async () => {
    await expect(caller.compare({ workload, models: ['gpt-17'] })).rejects.toThrow(/unknown model "gpt-17"/);
  });
});
